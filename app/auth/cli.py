"""`flask users …`: account administration from the command line."""

import click
from flask.cli import AppGroup

from app.auth.models import ROLES
from app.auth.services import find_by_email
from app.extensions import db
from app.models_base import utcnow

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True, help="Email address of the admin.")
@click.option("--name", prompt=True, help="Full name.")
@click.option("--organisation", default="OHWB Exchange", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(email, name, organisation, password):
    """Create a verified admin account, or promote an existing one."""
    from app.auth.models import User

    email = email.strip().lower()
    if len(password) < 10:
        raise click.UsageError("The password must be 10 characters or more.")
    user = find_by_email(email)
    if user is None:
        user = User(email=email, name=name, organisation=organisation, job_role="Administrator")
        db.session.add(user)
    user.set_password(password)
    user.role = "admin"
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.commit()
    click.echo(f"{email} is now an admin.")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role(email, role):
    """Give an existing account the member, moderator or admin role."""
    user = find_by_email(email)
    if user is None:
        raise click.UsageError(f"No account uses {email}.")
    user.role = role
    db.session.commit()
    click.echo(f"{user.email} is now a {role}.")

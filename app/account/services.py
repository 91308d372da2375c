"""Use cases for a member's own account. Each owns its commit; emails go after it.

Export and deletion reach the other features only through `app.signals`: each feature
connects its own receivers, and the foreign keys' ON DELETE rules remove or anonymise the
rows that point at a deleted account.
"""

from flask import current_app

from app.auth import tokens
from app.auth.models import User
from app.auth.services import AccountError, find_by_email
from app.extensions import db
from app.mail import link_to, queue_email
from app.models_base import utcnow
from app.signals import export_sections, member_deleting


def update_details(user, name, organisation, job_role):
    """Change name, organisation and job role."""
    user.name, user.organisation, user.job_role = name, organisation, job_role
    db.session.commit()


def change_password(user, current_password, new_password):
    """Set a new password; every other session and remember cookie stops working."""
    if not user.check_password(current_password):
        raise AccountError("Your current password is not correct", "current_password")
    user.set_password(new_password)
    queue_email(user.email, "Your OHWB Exchange password was changed", "password_changed", user=user)
    db.session.commit()


def request_email_change(user, new_email, password):
    """Email a confirmation link to the new address and a notice to the old one.

    An address another account already uses gets a notice instead of a link, and the caller
    answers the same, so this form does not reveal who is a member.
    """
    if not user.check_password(password):
        raise AccountError("Your current password is not correct", "password")
    if new_email == user.email:
        raise AccountError("This is already your email address", "email")
    owner = find_by_email(new_email)
    if owner is not None:
        # Answer as for a free address (no membership oracle); tell that address's owner instead.
        queue_email(
            owner.email,
            "Someone tried to move an OHWB Exchange account to your email address",
            "email_in_use",
            user=owner,
        )
        db.session.commit()
        return
    token = tokens.make_token(
        tokens.CHANGE_EMAIL, uid=user.id, old=user.email, new=new_email, state=tokens.account_state(user)
    )
    link = link_to("account.confirm_email", token=token)
    queue_email(
        new_email,
        "Confirm your new email address for OHWB Exchange",
        "change_email",
        user=user,
        link=link,
        new_email=new_email,
    )
    queue_email(
        user.email,
        "Your OHWB Exchange email address is being changed",
        "email_change_requested",
        user=user,
        new_email=new_email,
    )
    db.session.commit()


def confirm_email_change(token):
    """Switch to the new address from the emailed link; void once used or once the password changes."""
    payload = tokens.read_token(tokens.CHANGE_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("old") or tokens.account_state(user) != payload.get("state"):
        raise tokens.TokenError(
            "This link has already been used or is no longer valid. If you changed your password since "
            "asking, ask for the change again."
        )
    if find_by_email(payload["new"]):
        raise tokens.TokenError("Another account now uses that email address.")
    user.email = payload["new"]
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


def export_data(user):
    """Everything held about the member, as a JSON-ready dict: the account, then each feature's section."""
    account = {
        "name": user.name,
        "email": user.email,
        "organisation": user.organisation,
        "job_role": user.job_role,
        "role": user.role,
        "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
        "created_at": user.created_at.isoformat() if user.created_at else None,
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
    }
    return {"account": account, **export_sections(user)}


def delete_account(user, password):
    """Delete the account after re-checking the password."""
    if not user.check_password(password):
        raise AccountError("Your current password is not correct", "password")
    member_deleting.send(user)  # each feature does what its ON DELETE rules cannot
    db.session.delete(user)
    db.session.commit()

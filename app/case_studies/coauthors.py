"""Co-authorship by invitation: nobody is named on a byline, or may edit, until they accept.

The author lists addresses; every address gets an invitation row and the form answers the
same whatever the address, so it reveals no account. Only an existing account is emailed.
Each use case here owns its commit; emails go after it.
"""

from app.auth.names import public_name
from app.auth.services import find_by_email
from app.case_studies.models import CoauthorInvitation
from app.extensions import db
from app.mail import queue_email, site_url
from app.publishing.models import utcnow


def sync_invitations(item, emails, author, inviter):
    """Make the co-authors and invitations match `emails`; invite new addresses (no commit)."""
    own = author.email.lower() if author is not None else None
    wanted = [email for email in emails if email != own]
    item.coauthors = [user for user in item.coauthors if user.email.lower() in wanted]
    named = {user.email.lower() for user in item.coauthors}
    for invitation in list(item.invitations):
        if invitation.email not in wanted:
            item.invitations.remove(invitation)  # withdrawn
    invited = {invitation.email for invitation in item.invitations}
    for email in wanted:
        if email not in named and email not in invited:
            item.invitations.append(CoauthorInvitation(email=email, status="invited"))
            _email_invitation(item, email, inviter)


def _email_invitation(item, email, inviter):
    """Email the invitation only to an account with this address (others hear nothing)."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    queue_email(
        user.email,
        f"{public_name(inviter)} has invited you to co-author a case study on OHWB Exchange",
        "coauthor_invitation",
        user=user,
        inviter=inviter,
        item=item,
        link=site_url(item.path),
    )


def accept(item, user):
    """Name `user` as a co-author (on the byline, with edit rights). Returns False without an invitation."""
    invitation = item.invitation_for(user)
    if invitation is None:
        return False
    item.invitations.remove(invitation)
    if user.id != item.author_id and user not in item.coauthors:
        item.coauthors.append(user)
    db.session.commit()
    return True


def decline(item, user):
    """Say no; the author sees the answer. Returns False without an invitation."""
    invitation = item.invitation_for(user)
    if invitation is None:
        return False
    invitation.status, invitation.responded_at = "declined", utcnow()
    db.session.commit()
    return True


def withdraw(item, invitation_id):
    """Take back an invitation. Returns False when the item has no such invitation."""
    invitation = next((i for i in item.invitations if i.id == invitation_id), None)
    if invitation is None:
        return False
    item.invitations.remove(invitation)
    db.session.commit()
    return True

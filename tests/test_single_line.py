"""One-line fields: every separator and control character folds to a space, in every form."""

import importlib
import inspect
import pkgutil

import pytest
from sqlalchemy import select
from wtforms import Form, PasswordField, StringField, TextAreaField
from wtforms.fields import FieldList, FormField

import app as app_package
from app.auth.models import User
from app.extensions import db
from app.formfields import single_line

SEPARATORS = [
    "\r",
    "\n",
    "\r\n",
    "\v",
    "\f",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
    "\x00",
    "\x1b",
    "\u202e",
]


def _form_classes():
    for module_info in pkgutil.walk_packages(app_package.__path__, "app."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, Form) and cls.__module__ == module.__name__:
                    yield cls


def _one_line_fields(form_class, prefix=""):
    """(name, unbound field) for every text field that is one line (not a text area or password)."""
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        field_class = getattr(unbound, "field_class", None)
        if field_class is None:
            continue
        if field_class is FieldList:
            unbound = unbound.args[0]
            field_class = unbound.field_class
        if field_class is FormField:
            yield from _one_line_fields(unbound.args[0], f"{prefix}{name}.")
        elif issubclass(field_class, StringField) and not issubclass(field_class, (TextAreaField, PasswordField)):
            yield f"{prefix}{name}", unbound


def test_every_one_line_field_of_every_form_uses_the_single_line_filter():
    classes = list(_form_classes())
    assert len(classes) > 25  # the walk found the forms
    checked, missing = 0, []
    for form_class in classes:
        for name, unbound in _one_line_fields(form_class):
            checked += 1
            if single_line not in unbound.kwargs.get("filters", ()):
                missing.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert checked > 40 and not missing, missing


@pytest.mark.parametrize("separator", SEPARATORS)
def test_single_line_folds_each_separator_to_one_space(separator):
    assert single_line(f"  Menopause{separator}cafe {separator} North West ") == "Menopause cafe North West"


def test_single_line_keeps_ordinary_text_and_emoji_joiners():
    assert single_line("Café – occupational health 👩\u200d⚕\ufe0f") == "Café – occupational health 👩\u200d⚕\ufe0f"
    assert single_line(None) is None and single_line("") == ""


ALL = "".join(SEPARATORS)


def test_registration_and_account_details_fold_every_separator(client, auth, make_user, mailbox):
    from tests.auth.test_register import FORM

    form = dict(FORM, name=f"Amara{ALL}Okafor", organisation=f"Leeds{ALL}NHS", job_role=f"OH{ALL}nurse")
    assert client.post("/auth/register", data=form).status_code == 200  # "Check your email"
    user = db.session.scalar(select(User).where(User.email == "amara.okafor@nhs.net"))
    assert (user.name, user.organisation, user.job_role) == ("Amara Okafor", "Leeds NHS", "OH nurse")
    assert "Confirm your email address" in mailbox.last("amara.okafor@nhs.net")["Subject"]
    member = make_user()
    auth.logout()
    auth.login(member)
    details = {"name": f"Sam{ALL}Lee", "organisation": f"A{ALL}B", "job_role": f"C{ALL}D"}
    assert client.post("/account/details", data=details).status_code == 302
    db.session.refresh(member)
    assert (member.name, member.organisation, member.job_role) == ("Sam Lee", "A B", "C D")


def test_event_fields_fold_every_separator_and_the_confirmation_sends(client, auth, make_user, mailbox):
    from app.events.models import Event
    from tests.events.test_manage import FORM

    auth.login(make_user(role="moderator"))
    form = dict(FORM, title=f"Menopause{ALL}cafe", venue=f"Salford{ALL}Royal", address=f"Stott{ALL}Lane")
    assert client.post("/events/new", data=form).status_code == 302
    event = db.session.scalar(select(Event))
    assert (event.title, event.venue, event.address) == ("Menopause cafe", "Salford Royal", "Stott Lane")
    attendee = make_user()
    auth.logout()
    auth.login(attendee)
    assert client.post(f"/events/{event.slug}/register", data={}).status_code == 302
    assert "Menopause cafe" in mailbox.last(attendee.email)["Subject"]
    assert b"SUMMARY:Menopause cafe" in client.get(f"/events/{event.slug}.ics").data


def test_case_study_title_and_saved_search_name_fold_every_separator(client, auth, make_user):
    from app.case_studies.models import CaseStudy
    from app.search.models import SavedSearch
    from tests.kb.test_case_studies import form_data

    auth.login(make_user())
    assert client.post("/case-studies/new", data=form_data(title=f"Menopause{ALL}cafés")).status_code == 302
    assert db.session.scalar(select(CaseStudy.title)) == "Menopause cafés"
    data = {"q": f"menopause{ALL}", "facets": "", "name": f"My{ALL}search", "frequency": "daily"}
    assert client.post("/search/save", data=data).status_code == 302
    assert db.session.scalar(select(SavedSearch.name)) == "My search"


def test_every_text_area_of_every_form_uses_the_text_filter():
    from app.formfields import strip

    missing = [
        f"{form_class.__name__}.{name}"
        for form_class in _form_classes()
        for name in dir(form_class)
        if getattr(getattr(form_class, name), "field_class", None) is TextAreaField
        and strip not in getattr(form_class, name).kwargs.get("filters", ())
    ]
    assert not missing, missing


def test_text_areas_keep_their_lines_but_lose_control_characters(client, auth, make_user):
    from app.case_studies.models import CaseStudy
    from tests.kb.test_case_studies import form_data

    auth.login(make_user())
    context = "First line\r\nSecond\x00line\u2028Third\x1bline\n\n    code\tblock"
    assert client.post("/case-studies/new", data=form_data(context=context)).status_code == 302
    stored = db.session.scalar(select(CaseStudy.context_md))
    assert stored == "First line\nSecond line\nThird line\n\n    code\tblock"


def plantable(separators):
    """The separators a test can write straight into the database: PostgreSQL text refuses NUL."""
    if db.engine.dialect.name == "postgresql":
        return [s for s in separators if s != "\x00"]
    return list(separators)


def plant_or_skip(separator):
    """Skip a planted-row test for a character this database cannot store at all."""
    if separator not in plantable([separator]):
        pytest.skip("PostgreSQL cannot store NUL in text, so no such row can exist")

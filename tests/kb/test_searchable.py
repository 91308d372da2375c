"""Search registration: only published items become documents, at their own visibility."""

import pytest

from app.case_studies.searchable import case_study_document
from app.resources.searchable import resource_document
from app.search.registry import TYPES


def test_both_types_are_registered(app):
    assert TYPES["case_study"].label == "Case study" and TYPES["resource"].label == "Resource"


@pytest.mark.parametrize("visibility", ["public", "members"])
def test_published_case_study_document(make_case_study, visibility):
    item = make_case_study(title="Menopause cafés", visibility=visibility)
    item.approach_html = "<p>We ran <strong>cafés</strong></p>"
    document = case_study_document(item)
    assert document.title == "Menopause cafés" and document.visibility == visibility
    assert document.url == f"/case-studies/{item.slug}"
    assert "We ran cafés" in document.body and "<strong>" not in document.body
    assert "Sickness absence" in document.body
    assert document.facets["topic"] == ["Menopause"] and document.facets["region"] == ["London"]
    assert document.facets["sector"] == ["Acute"] and document.facets["type"] == ["Case study"]
    assert document.date is not None


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "archived"])
def test_unpublished_items_are_not_searchable(make_case_study, make_resource, status):
    assert case_study_document(make_case_study(status=status)) is None
    assert resource_document(make_resource(status=status)) is None


def test_resource_document_and_file_fields(make_resource):
    item = make_resource(title="Passport template", visibility="public", resource_type="template")
    document = resource_document(item)
    assert document.visibility == "public" and document.facets["type"] == ["Template"]
    version = item.current_version
    assert version.stored_name and version.mimetype == "text/plain" and version.original_name == "template.txt"

"""The flag form preselects nothing (issue 12, defect 7)."""

import pytest

from moderation.forms import FlagForm

pytestmark = pytest.mark.django_db


def test_the_flag_form_has_no_default_reason():
    html = str(FlagForm()["reason"])
    assert '<option value="" selected>Choose a reason…</option>' in html
    assert html.count("selected") == 1
    assert "required" in html


def test_a_flag_without_a_reason_is_refused_with_a_clear_error():
    form = FlagForm({"reason": "", "note": "odd"})
    assert not form.is_valid()
    assert form.errors["reason"] == ["This field is required."]


def test_the_field_names_stay(db):
    assert set(FlagForm().fields) == {"reason", "note"}

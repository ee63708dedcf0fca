"""The content registry: what the content apps register in ready(), and how it is looked up."""

import dataclasses

import pytest

from core import registry
from discussions.models import Challenge, Solution
from tests.factories import UserFactory


def test_the_content_apps_register_their_kinds():
    assert {kind.name for kind in registry.kinds()} == {"page", "challenge", "solution", "comment"}
    assert {kind.name for kind in registry.indexed()} == {"page", "challenge", "solution"}
    assert {kind.name for kind in registry.kinds() if kind.can_be_held} == {
        "challenge",
        "solution",
        "comment",
    }


def test_kinds_are_found_by_name_by_instance_and_by_model():
    assert registry.get("solution").model is Solution
    assert registry.kind_of(Challenge).name == "challenge"
    assert registry.kind_of(Solution(pk=1)).label == "Solution"


def test_anything_unregistered_has_no_kind():
    assert registry.kind_of(UserFactory.build()) is None
    assert registry.kind_of(object()) is None
    with pytest.raises(LookupError):
        registry.get("user")


def test_a_name_is_registered_once():
    kind = registry.get("challenge")
    registry.register(kind)  # the same kind again (ready() run twice) is harmless
    with pytest.raises(ValueError, match="twice"):
        registry.register(dataclasses.replace(kind, label="Another"))


def test_quoted_titles_are_cut():
    assert registry.quoted("Short") == "“Short”"
    assert registry.quoted("x" * 100) == f"“{'x' * 59}…”"

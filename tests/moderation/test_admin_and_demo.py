from http import HTTPStatus

import pytest
from django.contrib import admin

from discussions.models import Challenge, Comment, PostRevision, Solution
from hub.demo import flags
from hub.demo.people import demo_accounts
from knowledge.models import Page, PageRevision
from moderation.models import Flag, LogAction, ModerationLogEntry
from tests.factories import (
    CommentFactory,
    FlagFactory,
    PageFactory,
    SolutionFactory,
    UserFactory,
)

CONTENT_MODELS = [Page, PageRevision, Challenge, Solution, Comment, PostRevision, Flag]


@pytest.fixture
def admin_client_with_data(admin_client, db):
    solution = SolutionFactory()
    CommentFactory(solution=solution, challenge=None)
    FlagFactory(target=solution)
    PageFactory()
    from moderation.log import record

    record(actor=None, action=LogAction.AUTO_HIDE, target=solution, reason="r")
    return admin_client


def test_every_model_is_registered():
    from django.apps import apps

    for app_label in ("knowledge", "discussions", "moderation"):
        for model in apps.get_app_config(app_label).get_models():
            assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", [*CONTENT_MODELS, ModerationLogEntry])
def test_admin_lists_render_and_search(admin_client_with_data, model):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert admin_client_with_data.get(url).status_code == HTTPStatus.OK
    assert admin_client_with_data.get(url, {"q": "celery"}).status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", [*CONTENT_MODELS, ModerationLogEntry])
def test_user_content_has_no_hard_delete(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site.get_model_admin(model)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_the_log_is_read_only_in_the_admin(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site.get_model_admin(ModerationLogEntry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)


def test_admin_approve_action_goes_through_the_service(admin_client, db):
    held = CommentFactory(is_held=True, author=UserFactory(approved_posts=0))
    admin_client.post(
        "/admin/discussions/comment/",
        {"action": "approve_selected", "_selected_action": [held.pk]},
    )
    held.refresh_from_db()
    assert not held.is_held
    assert ModerationLogEntry.objects.get().action == LogAction.APPROVE


def test_demo_seed_is_idempotent_and_fills_queue_and_log(db):
    accounts = demo_accounts()
    SolutionFactory(author=accounts.backend, challenge__author=accounts.frontend)
    flags.seed(accounts)
    flags.seed(accounts)
    assert Flag.objects.open().count() == 2
    assert ModerationLogEntry.objects.count() == 1


def test_demo_seed_without_content_does_nothing(db):
    flags.seed(demo_accounts())
    assert not Flag.objects.exists()

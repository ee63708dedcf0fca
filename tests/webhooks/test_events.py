"""core.events: listeners above the content apps hear of events once the transaction commits."""

import pytest
from django.db import transaction

from core import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def listener(name, **data):
        calls.append((name, data))

    events.subscribe(events.PAGE_CHANGED, listener)
    yield calls
    events.unsubscribe(events.PAGE_CHANGED, listener)


def test_listeners_hear_after_the_commit(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events.emit(events.PAGE_CHANGED, object_id=7)
        assert heard == []
    assert heard == [("page.changed", {"object_id": 7})]


def test_a_rollback_tells_nobody(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                events.emit(events.PAGE_CHANGED, object_id=7)
                raise RuntimeError
        except RuntimeError:
            pass
    assert heard == []


def test_a_failing_listener_does_not_stop_the_others(heard, django_capture_on_commit_callbacks):
    def broken(name, **data):
        raise ValueError("listener bug")

    events.subscribe(events.PAGE_CHANGED, broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            events.emit(events.PAGE_CHANGED, object_id=1)
            events.emit(events.PAGE_CHANGED, object_id=2)
    finally:
        events.unsubscribe(events.PAGE_CHANGED, broken)
    assert [data for _name, data in heard] == [{"object_id": 1}, {"object_id": 2}]


def test_subscribing_twice_calls_once(heard, django_capture_on_commit_callbacks):
    events.subscribe(events.PAGE_CHANGED, events._listeners[events.PAGE_CHANGED][-1])
    with django_capture_on_commit_callbacks(execute=True):
        events.emit(events.PAGE_CHANGED, object_id=3)
    assert len(heard) == 1


def test_unknown_events_are_a_programming_error():
    with pytest.raises(ValueError):
        events.emit("challenge.deleted", object_id=1)
    with pytest.raises(ValueError):
        events.subscribe("challenge.deleted", print)


def test_webhooks_listen_to_every_event():
    from webhooks.services import on_event

    for name in events.NAMES:
        assert on_event in events._listeners[name]

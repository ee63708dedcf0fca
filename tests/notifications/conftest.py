from functools import partial

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs, at the end of the block, what a real commit would run after
    it (the fan-out task, then the email task, then the email): a test's own transaction never
    commits, so without it nothing queued with `transaction.on_commit` would happen."""
    return partial(django_capture_on_commit_callbacks, execute=True)

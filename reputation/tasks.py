"""Badges are awarded by the task worker, after the event's transaction commits."""

from django.tasks import task


@task()
def award_badges(user_ids: list[int]) -> int:
    from reputation.badges import badges_award  # badges imports the models; tasks load early

    return sum(len(badges_award(user_id=user_id)) for user_id in user_ids)

"""Discussions listening to moderation: counters, notifications and the review-queue badge.

Moderation acts on any kind of content generically and only sends signals (moderation.signals);
here the challenges app does its own bookkeeping through its public services:

- hiding or restoring a challenge, solution or comment recounts the challenge's counters (the
  list shows them, and they count public posts only);
- approving a held post publishes it as if it had just been posted: counters, the challenge's
  last activity and the usual notifications (a held post did none of these when it was made);
- a new held post is one more item in the review queue, so the moderators' cached queue size
  (the header badge) is forgotten.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from discussions import services
from discussions.models import Challenge, Comment, Solution
from moderation import signals as moderation_signals
from moderation.services import queue_changed

POST_MODELS = (Challenge, Solution, Comment)


@receiver(moderation_signals.content_hidden, dispatch_uid="discussions_recount_on_hide")
@receiver(moderation_signals.content_restored, dispatch_uid="discussions_recount_on_restore")
def recount_after_hide_or_restore(sender, target, **kwargs):
    if issubclass(sender, POST_MODELS):
        services.post_visibility_changed(post=target)


@receiver(moderation_signals.post_approved, dispatch_uid="discussions_publish_on_approve")
def publish_after_approval(sender, target, **kwargs):
    if issubclass(sender, POST_MODELS):
        services.post_approved(post=target)


def held_post_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.is_held:
        queue_changed()


for _model in POST_MODELS:
    post_save.connect(
        held_post_created, sender=_model, dispatch_uid=f"discussions_held_{_model.__name__}"
    )

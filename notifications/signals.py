"""Events from other apps that this one listens to, so those apps need no notification code:

- a wiki page changed: tell its watchers (through the fan-out task);
- a moderator hid, restored or approved a post, or flags hid it: tell its author, who should
  not have to find out by chance (the hide reason is theirs to read).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from knowledge.models import PageRevision
from moderation import signals as moderation_signals
from moderation.targets import is_post, kind_of


@receiver(post_save, sender=PageRevision, dispatch_uid="notifications.page_revised")
def page_revised(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from notifications.services import page_revised as notify_page_revised

        notify_page_revised(revision=instance)


def _your_post(post) -> str:
    """'your solution to “Title”', from the post's own point of view."""
    kind = kind_of(post)
    if kind == "challenge":
        return f"your challenge “{post.title}”"
    if kind == "solution":
        return f"your solution to “{post.challenge.title}”"
    return f"your comment on “{post.parent_challenge.title}”"


def _tell_author(post, text: str, actor) -> None:
    from notifications.models import Kind
    from notifications.services import Recipient, notifications_create

    notifications_create(
        recipients=[Recipient(post.author_id, Kind.MODERATION, text, post.get_absolute_url())],
        actor_id=actor.pk if actor else None,
    )


@receiver(moderation_signals.content_hidden, dispatch_uid="notifications.post_hidden")
def post_hidden(sender, target, actor=None, **kwargs):
    if not is_post(target):
        return
    if actor is None:
        text = f"Learners flagged {_your_post(target)}, so it is hidden until a moderator looks."
    else:
        text = f"A moderator hid {_your_post(target)}: {target.hidden_reason}"
    _tell_author(target, text, actor)


@receiver(moderation_signals.content_restored, dispatch_uid="notifications.post_restored")
def post_restored(sender, target, actor=None, **kwargs):
    if is_post(target):
        _tell_author(target, f"A moderator restored {_your_post(target)}.", actor)


@receiver(moderation_signals.post_approved, dispatch_uid="notifications.post_approved")
def post_approved(sender, target, actor=None, **kwargs):
    if is_post(target):
        text = f"A moderator approved {_your_post(target)}: everyone can see it now."
        _tell_author(target, text, actor)

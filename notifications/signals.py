"""Events from other apps that this one listens to: a wiki page changed, tell its watchers
(through the fan-out task). Moderation tells authors itself (moderation/services.py)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from knowledge.models import PageRevision


@receiver(post_save, sender=PageRevision, dispatch_uid="notifications.page_revised")
def page_revised(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from notifications.services import page_revised as notify_page_revised

        notify_page_revised(revision=instance)

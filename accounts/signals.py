from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from accounts.models import Profile, User
from core.permissions import MODERATORS_GROUP


@receiver(post_save, sender=User)
def create_profile(sender, instance, created, raw=False, **kwargs):
    # Every way of making a user (sign-up, createsuperuser, admin, fixtures) gets a profile.
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(m2m_changed, sender=User.groups.through)
def sync_moderator_flag(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    users = [instance] if not reverse else list(User.objects.filter(groups=instance))
    if reverse and action in {"post_remove", "post_clear"}:
        users = list(User.objects.filter(pk__in=kwargs.get("pk_set") or [])) or users
        if action == "post_clear":
            users = list(User.objects.filter(is_moderator=True))
    for user in users:
        flag = user.groups.filter(name=MODERATORS_GROUP).exists()
        if user.is_moderator != flag:
            User.objects.filter(pk=user.pk).update(is_moderator=flag)
            user.is_moderator = flag

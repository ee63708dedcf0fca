from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Profile, User


@receiver(post_save, sender=User)
def create_profile(sender, instance, created, raw=False, **kwargs):
    # Every way of making a user (sign-up, createsuperuser, admin, fixtures) gets a profile.
    if created and not raw:
        Profile.objects.get_or_create(user=instance)

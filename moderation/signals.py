"""Signals other apps may listen to (counters, notifications). Sent inside the transaction;
receivers that talk to the outside world should use transaction.on_commit.

All are sent with sender=<model class>, target=<instance>, actor=<user or None>.
"""

from django.dispatch import Signal

content_hidden = Signal()
content_restored = Signal()
post_approved = Signal()

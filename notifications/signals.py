"""Signals of the outbox."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``hawl worker`` before each sweep (about once a minute): receivers queue the messages
# that have fallen due (reminders), in their own transactions, and return how many.
tick = Signal()

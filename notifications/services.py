"""Telling people things by email, reliably and in their language; their calendar feeds.

The outbox: ``queue`` writes a message (its template, the recipient's preferred language and its
context, records by reference) in the caller's transaction, with a ``deliver`` task on the database
task queue beside it, so both exist exactly when the change they report does; ``hawl worker`` then
renders and sends it. Nothing is rendered inside the request: a booking writes two small rows and
commits once. The row is the truth, the task only a prompt:

* ``deliver`` claims the row (pending and due, or sending with an expired lease) with
  ``select_for_update(skip_locked=True)``, marks it sending for ``LEASE`` and commits, sends, then
  marks it sent. Two tasks for one message send it once: the second finds nothing to claim.
* A failed send goes back to pending with a back-off and a deferred task; after ``MAX_ATTEMPTS``
  the message fails for good and is logged.
* ``sweep`` (run by ``hawl worker`` every minute) enqueues a task for a message queued for later
  once it falls due, and again for any message whose task was lost: finished without sending it,
  or left running by a worker that was killed (the message is still sending when its lease ends).

A worker killed after the mail server took a message but before marking it sent will send it
again: every copy carries the same Message-ID (from the row), so mail systems can tell.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import uuid
from collections.abc import Iterable, Mapping
from email.mime.text import MIMEText
from email.utils import parseaddr
from typing import Any, NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from notifications.models import CalendarFeed, Message, MessageStatus
from people.models import User

logger = logging.getLogger(__name__)

# How long a worker holds a message while it sends it: well beyond EMAIL_TIMEOUT, so a slow send
# is never taken over; a killed worker's message is sent again this long after it was claimed.
LEASE = datetime.timedelta(minutes=5)
# A pending message whose task has not run this long after it fell due has lost its task.
GRACE = datetime.timedelta(minutes=1)
MAX_ATTEMPTS = 10
FIRST_RETRY = datetime.timedelta(seconds=30)
LONGEST_RETRY = datetime.timedelta(hours=1)
SWEEP_CHUNK = 500


class Attachment(NamedTuple):
    """A text file sent with a message (an .ics invitation); ``mimetype`` may carry parameters
    (``text/calendar; method=REQUEST``)."""

    filename: str
    content: str
    mimetype: str


# Queueing.

_REF = "$model"


def _frozen(value: Any) -> Any:
    """A context value as JSON: a record by reference, plain values as they are."""
    if isinstance(value, Model):
        return {_REF: value._meta.label_lower, "pk": value.pk}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"an email's context holds records and plain values, not {type(value)!r}")


def _thawed(value: Any) -> Any:
    if isinstance(value, dict) and _REF in value:
        return apps.get_model(value[_REF])._default_manager.get(pk=value["pk"])
    return value


def queue(
    user: User,
    template: str,
    context: Mapping[str, Any],
    *,
    key: str = "",
    attachments: Iterable[Attachment] = (),
    on: datetime.datetime | None = None,
) -> Message | None:
    """Queue an email to ``user`` from ``notifications/email/<template>.subject.txt``, ``.txt``
    and (if there is one) ``.html``, to be rendered in the user's preferred language when it is
    sent, with ``context`` (records and plain values; ``recipient`` is the user).

    Call it inside the transaction that makes the change: the message is written with it, and
    nothing is sent if it rolls back. ``key`` names the event, so the same event never queues two
    messages (the first is returned). ``on``: not sent before then. A user with no email address,
    or whose account is closed, gets nothing (``None``).
    """
    if not user.email or not user.is_active:
        return None
    now = timezone.now()
    due = max(on or now, now)
    message = Message(
        recipient=user,
        address=user.email,
        language=user.preferred_language,
        template=template,
        context={name: _frozen(value) for name, value in context.items() if name != "recipient"},
        attachments=[attachment._asdict() for attachment in attachments],
        key=key,
        not_before=due,
        created_at=now,
    )
    try:
        with transaction.atomic():
            message.save()
            if due <= now:
                # Its task is written in the same transaction: the worker sees both at once, or
                # neither. A message for later gets its task from the sweep once it falls due.
                message.task_id = _enqueue(message.pk, due)
    except IntegrityError:
        if not key:
            raise
        # The same event was queued before (or by another transaction just now).
        return Message.objects.get(key=key)
    return message


def _render_text(name: str, context: Mapping[str, Any]) -> str:
    """Plain text is not HTML: rendered without autoescaping, so "&" stays "&"."""
    template = engines["django"].get_template(name).template
    return template.render(Context(dict(context), autoescape=False))


def _render_html(name: str, context: Mapping[str, Any]) -> str:
    try:
        return render_to_string(name, dict(context))
    except TemplateDoesNotExist:
        return ""


def rendered(message: Message) -> Message:
    """The message with its subject and text, rendered (and kept) once, in its language, from
    the records as they are now. Raises ``ObjectDoesNotExist`` if one of them is gone."""
    if message.subject:
        return message
    if message.recipient is None:
        raise ObjectDoesNotExist("the recipient's account is gone")
    context = {name: _thawed(value) for name, value in message.context.items()}
    context["recipient"] = message.recipient
    with translation.override(message.language):
        base = f"notifications/email/{message.template}"
        subject = " ".join(_render_text(f"{base}.subject.txt", context).split())
        message.subject = Truncator(subject).chars(255)
        message.body = _render_text(f"{base}.txt", context).strip() + "\n"
        message.html_body = _render_html(f"{base}.html", context)
    Message.objects.filter(pk=message.pk).update(
        subject=message.subject, body=message.body, html_body=message.html_body
    )
    return message


def cancel(*, key: str) -> bool:
    """Stop a message not yet sent (a reminder for a booking since cancelled); True if stopped."""
    return bool(
        Message.objects.filter(key=key, status=MessageStatus.PENDING).update(
            status=MessageStatus.CANCELLED
        )
    )


def message_retry(*, message: Message) -> None:
    """Send a failed message again, with its attempts counted afresh (after a long outage)."""
    now = timezone.now()
    with transaction.atomic():
        if Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
            status=MessageStatus.PENDING, attempts=0, not_before=now
        ):
            transaction.on_commit(lambda: _enqueue(message.pk, now), robust=True)


def _enqueue(message_id: int, due: datetime.datetime) -> uuid.UUID:
    """Enqueue a task to send the message (deferred until it is due) and remember which."""
    sender = deliver if due <= timezone.now() else deliver.using(run_after=due)
    task_id = uuid.UUID(str(sender.enqueue(message_id).id))
    Message.objects.filter(pk=message_id).update(task_id=task_id)
    return task_id


# Sending (in the worker).


def _message_id(message: Message) -> str:
    """The same for every copy of one message, so a resend after a crash is recognisable."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "hawl.localhost"
    return f"<{message.pk}.{message.created_at:%Y%m%d%H%M%S}.hawl@{domain}>"


def _attachment(item: Mapping[str, str]) -> MIMEText:
    maintype, _slash, rest = item["mimetype"].partition("/")
    subtype, *parameters = (part.strip() for part in rest.split(";"))
    if maintype != "text":
        raise ValueError(f"only text attachments are kept: {item['mimetype']}")
    part = MIMEText(item["content"], subtype, "utf-8")
    for parameter in parameters:
        name, _equals, value = parameter.partition("=")
        part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=item["filename"])
    return part


def _email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        to=[message.address],
        headers={"Message-ID": _message_id(message), "Content-Language": message.language},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for item in message.attachments:
        email.attach(_attachment(item))
    return email


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=MessageStatus.PENDING, not_before__lte=now) | Q(
        status=MessageStatus.SENDING, claimed_until__lte=now
    )


def _claim(message_id: int) -> Message | None:
    """Take the message for ``LEASE`` if it is due and nobody holds it; None otherwise."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk=message_id)
            .first()
        )
        if message is None:
            return None
        if message.attempts >= MAX_ATTEMPTS:
            # Its last attempt never finished (a worker killed while sending, each time).
            message.status, message.claimed_until = MessageStatus.FAILED, None
            message.save(update_fields=["status", "claimed_until"])
            logger.error("Email %s failed for good after %s attempts", message.pk, MAX_ATTEMPTS)
            return None
        message.status = MessageStatus.SENDING
        message.attempts += 1
        message.claimed_until = now + LEASE
        message.save(update_fields=["status", "attempts", "claimed_until"])
    return message


def _back_off(attempts: int) -> datetime.timedelta:
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def _failed(message: Message, error: Exception) -> str:
    now = timezone.now()
    last_error = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        if message.attempts >= MAX_ATTEMPTS:
            Message.objects.filter(pk=message.pk).update(
                status=MessageStatus.FAILED, claimed_until=None, last_error=last_error
            )
            logger.error(
                "Email %s to %s failed for good after %s attempts: %s",
                message.pk,
                message.address,
                message.attempts,
                last_error,
            )
            return MessageStatus.FAILED.value
        due = now + _back_off(message.attempts)
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.PENDING, claimed_until=None, not_before=due, last_error=last_error
        )
        # In the same transaction: the retry is queued exactly when the message is pending again.
        _enqueue(message.pk, due)
    logger.warning("Email %s not sent (attempt %s): %s", message.pk, message.attempts, last_error)
    return MessageStatus.PENDING.value


@task()
def deliver(message_id: int) -> str:
    """Send one queued message, at most once per claim (see the module's docstring)."""
    message = _claim(message_id)
    if message is None:
        return "not due, already taken, or done"
    try:
        message = rendered(message)
    except ObjectDoesNotExist as error:
        # What it was about is gone (a deleted record): nothing to say, and no use retrying.
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, claimed_until=None, last_error=f"Gone: {error}"[:2000]
        )
        logger.error("Email %s failed: %s", message.pk, error)
        return MessageStatus.FAILED.value
    try:
        _email(message).send()
    except Exception as error:  # whatever the mail server or network did, try again later
        return _failed(message, error)
    with transaction.atomic():
        Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
            status=MessageStatus.SENT,
            sent_at=timezone.now(),
            claimed_until=None,
            last_error="",
        )
    return MessageStatus.SENT.value


def _live_tasks(task_ids: list[uuid.UUID], now: datetime.datetime) -> set[uuid.UUID]:
    """The tasks still to run, or running for less than a lease (not a killed worker's)."""
    return set(
        DBTaskResult.objects.filter(id__in=task_ids)
        .filter(
            Q(status=TaskResultStatus.READY)
            | Q(status=TaskResultStatus.RUNNING, started_at__gt=now - LEASE)
        )
        .values_list("id", flat=True)
    )


def sweep() -> int:
    """Enqueue a task for every message that needs one; how many were enqueued.

    Needs one: pending and due with no task yet (queued for later: a reminder), or lost —
    pending a minute after it fell due, or still sending when its lease ran out (a killed
    worker), and its latest task is neither waiting in the queue nor running now.
    """
    now = timezone.now()
    stuck = (
        Message.objects.filter(
            Q(status=MessageStatus.PENDING, not_before__lte=now, task_id__isnull=True)
            | Q(status=MessageStatus.PENDING, not_before__lte=now - GRACE)
            | Q(status=MessageStatus.SENDING, claimed_until__lte=now)
        )
        .order_by("pk")
        .values_list("pk", "task_id")
    )
    enqueued = lost = 0
    after = 0
    while chunk := list(stuck.filter(pk__gt=after)[:SWEEP_CHUNK]):
        after = chunk[-1][0]
        live = _live_tasks([task_id for _pk, task_id in chunk if task_id], now)
        for pk, task_id in chunk:
            if task_id not in live:
                _enqueue(pk, now)
                enqueued += 1
                lost += task_id is not None
    if lost:
        logger.warning("Swept %s emails whose task was lost back into the queue", lost)
    return enqueued


# Calendar feeds.


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user: User) -> str:
    """A new private calendar token for ``user``, replacing any before it (which stops working).

    The caller shows it once; only its digest is kept. The person is told by email, so a link
    made by someone else at their desk does not go unnoticed.
    """
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={
            "digest": _digest(token),
            "created_at": timezone.now(),
            "last_used_on": None,
            "revoked_at": None,
        },
    )
    queue(user, "calendar_feed_created", {})
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    """The user's calendar address stops working at once."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_user(*, token: str) -> User | None:
    """The active user whose live calendar token this is, or ``None``."""
    feed = (
        CalendarFeed.objects.filter(
            digest=_digest(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    if feed is None:
        return None
    today = timezone.localdate()
    if feed.last_used_on != today:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_on=today)
    return feed.user

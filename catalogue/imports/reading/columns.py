"""The two files: their kinds and columns, the labels of what changed, a result's summary."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue.forms import organisation_key
from core.csvkit import DATE_HINT, Column, ImportResult, Row
from organisations.models import Organisation

OPPORTUNITIES = "catalogue.opportunities"
SESSIONS = "catalogue.sessions"


# What changed, by field key: the API and records keep the keys, pages show these labels.
FIELD_LABELS: dict[str, Promise] = {
    "title_en": _("Title in English"),
    "title_cy": _("Title in Welsh"),
    "summary_en": _("Summary in English"),
    "summary_cy": _("Summary in Welsh"),
    "description_en": _("Description in English"),
    "description_cy": _("Description in Welsh"),
    "audience": _("Who it is offered to"),
    "level": _("Level of provision"),
    "delivery": _("Delivery method"),
    "format": _("Format"),
    "language": _("Language of delivery"),
    "standards": _("Professional standards"),
    "priority_areas": _("National priority areas"),
    "topics": _("Topics"),
    "audiences": _("Roles it is for"),
    "hours": _("Hours of learning"),
    "cost": _("Cost per place"),
    "approval_required": _("Approval"),
    "resource_url": _("Link to the material"),
    "status": _("Status"),
    "capacity": _("Number of places"),
    "venue": _("Venue"),
    "online_url": _("Online meeting link"),
    "booking_deadline": _("Last day to book"),
}

SEPARATED = _("Separate several with semicolons.")

OPPORTUNITY_COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "Reference",
        ("Ref", "Your reference", "Key", "Cyfeirnod"),
        True,
        _(
            "Your own reference for the opportunity, up to 60 characters, once in the file. "
            "Import a row with the same reference again to change that opportunity."
        ),
    ),
    Column(
        "title_en",
        "Title in English",
        ("Title", "English title", "Title (English)", "Teitl yn Saesneg"),
        False,
        _("Up to 200 characters."),
    ),
    Column(
        "title_cy",
        "Title in Welsh",
        ("Welsh title", "Title (Welsh)", "Teitl", "Teitl yn Gymraeg"),
        False,
        _("Up to 200 characters. Needed before it is published or shown as coming soon."),
    ),
    Column(
        "summary_en",
        "Summary in English",
        ("Summary", "Summary (English)", "Crynodeb yn Saesneg"),
        False,
        _("Up to 400 characters."),
    ),
    Column(
        "summary_cy",
        "Summary in Welsh",
        ("Summary (Welsh)", "Crynodeb", "Crynodeb yn Gymraeg"),
        False,
        _("Up to 400 characters. Needed before it is published or shown as coming soon."),
    ),
    Column(
        "description_en",
        "Description in English",
        ("Description", "Description (English)", "Disgrifiad yn Saesneg"),
        False,
        _("As long as you need."),
    ),
    Column(
        "description_cy",
        "Description in Welsh",
        ("Description (Welsh)", "Disgrifiad", "Disgrifiad yn Gymraeg"),
        False,
        _("As long as you need."),
    ),
    Column(
        "audience",
        "Offered to",
        ("Who it is offered to", "Audience organisation", "Yn cael ei gynnig i"),
        False,
        _(
            "All of Wales, a region or a local authority, by name or code (Wales, CSC, 681, "
            "Cardiff). Empty for a new opportunity: all of Wales."
        ),
    ),
    Column(
        "level",
        "Level",
        ("Level of provision", "Lefel", "Lefel y ddarpariaeth"),
        False,
        _(
            "National, Regional or local, School or setting-led, or Collaborative. Needed for "
            "a new opportunity."
        ),
    ),
    Column(
        "delivery",
        "Delivery",
        ("Delivery method", "Dull cyflwyno"),
        False,
        _(
            "For example, Live, Asynchronous, Webinars, Network meetings. Needed for a new "
            "opportunity."
        ),
    ),
    Column(
        "format",
        "Format",
        ("Fformat",),
        False,
        _("Sessions on set dates, or Self-paced. Empty for a new opportunity: sessions."),
    ),
    Column(
        "language",
        "Language",
        ("Language of delivery", "Iaith", "Iaith y cyflwyno"),
        False,
        _("Welsh, English or Bilingual. Needed for a new opportunity."),
    ),
    Column(
        "standards",
        "Standards",
        ("Professional standards", "Safonau", "Safonau proffesiynol"),
        False,
        _("For example, Pedagogy; Collaboration. Separate several with semicolons."),
    ),
    Column(
        "priority_areas",
        "Priority areas",
        ("National priority areas", "Meysydd blaenoriaeth"),
        False,
        SEPARATED,
    ),
    Column("topics", "Topics", ("Topic", "Pynciau"), False, SEPARATED),
    Column(
        "audiences",
        "Roles",
        ("Roles it is for", "Audiences", "Rolau"),
        False,
        _("For example, Teacher; Teaching assistant. Empty: for everyone."),
    ),
    Column(
        "hours",
        "Hours",
        ("Hours of learning", "Oriau", "Oriau o ddysgu"),
        False,
        _("For example, 6 or 1.5. Needed for a new opportunity."),
    ),
    Column(
        "cost",
        "Cost",
        ("Cost per place", "Cost (£)", "Cost y lle"),
        False,
        _("In pounds, for example 0 or 45.50."),
    ),
    Column(
        "approval_required",
        "Approval",
        ("Approval required", "Needs approval", "Cymeradwyaeth"),
        False,
        _("Yes if a leader must approve each booking, otherwise No."),
    ),
    Column(
        "resource_url",
        "Link to the material",
        ("Link", "Resource link", "Dolen i’r deunydd"),
        False,
        _("For self-paced learning: where people find it."),
    ),
    Column(
        "status",
        "Status",
        ("Statws",),
        False,
        _("Draft, Coming soon, Published or Archived. Empty for a new opportunity: Draft."),
    ),
)

SESSION_COLUMNS: tuple[Column, ...] = (
    Column(
        "opportunity",
        "Opportunity",
        ("Opportunity reference", "Reference", "Cyfle", "Cyfeirnod"),
        True,
        _(
            "The reference you gave the opportunity in an opportunities file, or its number "
            "in Hawl (on its page)."
        ),
    ),
    Column("date", "Date", ("Session date", "Dyddiad"), True, DATE_HINT),
    Column(
        "start",
        "Start",
        ("Start time", "Starts", "Amser dechrau"),
        True,
        _("In Wales, on the 24-hour clock, like 09:30."),
    ),
    Column(
        "end",
        "End",
        ("End time", "Ends", "Amser gorffen"),
        True,
        _("In Wales, on the 24-hour clock, like 15:30."),
    ),
    Column(
        "capacity",
        "Places",
        ("Number of places", "Capacity", "Lleoedd", "Nifer y lleoedd"),
        False,
        _("A whole number, 1 to 10,000. Needed for a new session."),
    ),
    Column(
        "language",
        "Language",
        ("Language of delivery", "Iaith"),
        False,
        _("Welsh, English or Bilingual. Empty for a new session: the opportunity’s language."),
    ),
    Column("venue", "Venue", ("Where", "Lleoliad"), False, _("Up to 300 characters.")),
    Column(
        "online_url",
        "Online link",
        ("Online meeting link", "Meeting link", "Dolen ar-lein"),
        False,
        _("Shown only to people with a place. A session needs a venue, a link, or both."),
    ),
    Column(
        "booking_deadline",
        "Last day to book",
        ("Booking deadline", "Booking closes", "Y diwrnod olaf i archebu"),
        False,
        _("On or before the date. Empty: bookings are taken until the session starts."),
    ),
)


def scope_of(provider: Organisation) -> str:
    """What an import of this provider's offer is recorded under: ``provider:NPLLEW``."""
    return organisation_key(provider)


def summary_text(result: ImportResult, *, sessions: bool = False) -> str:
    """The one-line account of a valid file, applied or checked, for messages and the CLI."""
    if result.applied and sessions:
        text = gettext(
            "Sessions imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged."
        )
    elif result.applied:
        text = gettext(
            "Opportunities imported: %(created)s added, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
    else:
        text = gettext(
            "Checked, nothing changed: %(created)s to add, %(updated)s to update, "
            "%(unchanged)s unchanged."
        )
    return text % result.summary()


def reported(row: Row) -> set[str]:
    """The columns of this row that already have an error (so the form does not repeat it)."""
    headings = {
        row.table.headings.get(name) or row.columns[name].heading: name for name in row.columns
    }
    return {
        headings[error.column]
        for error in row.result.errors
        if error.line == row.line and error.column in headings
    }

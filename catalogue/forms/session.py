"""Sessions: the form pages and the API share, and the provider's forms to change one."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import DeliveryLanguage

LONDON = zoneinfo.ZoneInfo("Europe/London")


# Dates as people in Wales write them (day first), and as machines do.
UK_DATES = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class _Session(forms.Form):
    """What every session form asks: places, language, and where it meets."""

    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=10000,
        error_messages={
            "required": _("Enter the number of places"),
            "invalid": _("Enter the number of places as a whole number, like 25"),
            "min_value": _("A session needs at least 1 place"),
            "max_value": _("A session can have at most 10,000 places"),
        },
    )
    language = forms.ChoiceField(label=_("Language of delivery"), choices=DeliveryLanguage.choices)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_url = forms.URLField(
        assume_scheme="https",
        label=_("Online meeting link"),
        required=False,
        help_text=_("Shown only to people with a place."),
    )


class SessionForm(_Session):
    """A session of one meeting: a date and times in Wales (Europe/London)."""

    field_order = ("date", "start_time", "end_time", "capacity", "language", "venue")

    date = forms.DateField(
        label=_("Date"), help_text=_("For example, 27 3 2027"), input_formats=UK_DATES
    )
    start_time = forms.TimeField(label=_("Start time"), help_text=_("For example, 09:30"))
    end_time = forms.TimeField(label=_("End time"), help_text=_("For example, 15:30"))
    booking_deadline = forms.DateField(
        label=_("Last day to book"),
        required=False,
        help_text=_("Leave empty to take bookings until the session starts."),
        input_formats=UK_DATES,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = datetime.datetime.combine(day, start, tzinfo=LONDON)
            data["ends_at"] = datetime.datetime.combine(day, end, tzinfo=LONDON)
            if end <= start:
                self.add_error("end_time", _("The end time must be after the start time"))
        deadline = data.get("booking_deadline")
        if deadline and day and deadline > day:
            self.add_error(
                "booking_deadline", _("The last day to book must be on or before the date")
            )
        if deadline:
            data["booking_deadline_at"] = datetime.datetime.combine(
                deadline, datetime.time(23, 59), tzinfo=LONDON
            )
            if day and deadline == day and start:
                data["booking_deadline_at"] = datetime.datetime.combine(day, start, tzinfo=LONDON)
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", _("Give a venue, an online meeting link, or both"))
        return data


class DayMonthYear(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes, read as one ISO date (or as typed, so
    the date field says it is not a real date)."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                return [*value.split("/", 2), "", ""][:3]
            return [day.day, day.month, day.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        day, month, year = (str(data.get(f"{name}_{n}", "")).strip() for n in range(3))
        if not (day or month or year):
            return ""
        if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
            try:
                return datetime.date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                pass
        return f"{day}/{month}/{year}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}_{n}" in data for n in range(3))

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else ""


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DayMonthYear(),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Enter the date"),
            "invalid": _("Enter a real date, like 27 3 2027"),
        },
    )


class SessionPageForm(SessionForm):
    """The session form on a page: GOV.UK date inputs, messages that say what to enter."""

    date = _date_field(_("Date"), help_text=_("For example, 27 3 2027"))
    booking_deadline = _date_field(
        _("Last day to book"),
        required=False,
        help_text=_("Leave empty to take bookings until the session starts."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_time"].error_messages.update(
            {
                "required": _("Enter the start time"),
                "invalid": _("Enter the start time on the 24-hour clock, like 09:30"),
            }
        )
        self.fields["end_time"].error_messages.update(
            {
                "required": _("Enter the end time"),
                "invalid": _("Enter the end time on the 24-hour clock, like 15:30"),
            }
        )
        self.fields["language"].error_messages["required"] = _("Choose the language of delivery")


class SessionChangeForm(_Session):
    """What can change once a session is on offer: places, language, where, and booking."""

    booking_deadline = _date_field(
        _("Last day to book"),
        required=False,
        help_text=_("Leave empty to take bookings until the session starts."),
    )

    def __init__(self, *args: Any, starts_at: datetime.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts_at = starts_at.astimezone(LONDON)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("venue") and not data.get("online_url") and "venue" not in self.errors:
            self.add_error("venue", _("Give a venue, an online meeting link, or both"))
        deadline = data.get("booking_deadline")
        day = self.starts_at.date()
        if deadline and deadline > day:
            self.add_error(
                "booking_deadline", _("The last day to book must be on or before the date")
            )
        elif deadline and deadline < day:
            data["booking_deadline_at"] = datetime.datetime.combine(
                deadline, datetime.time(23, 59), tzinfo=LONDON
            )
        else:
            data["booking_deadline_at"] = self.starts_at
        return data


class SessionDuplicateForm(forms.Form):
    date = _date_field(_("Date of the new session"), help_text=_("For example, 27 3 2027"))


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the session cancelled?"),
        help_text=_("Everyone with a place or on the waitlist is told this."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the session is cancelled")},
    )

"""Import a school's staff from its MIS export (see ``core.csvkit``), and undo an import.

``reading`` checks each row on its own, ``matching`` finds whose rows they are and what would
change, ``applying`` writes a valid file in one short transaction and records it, ``undo`` puts
back what a recorded import changed. Pages, the API and the command line call what is here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import ngettext

from core import access
from core.csvkit import ImportResult
from core.import_records import records_of, undoes
from core.models import ImportRecord
from organisations.models import Organisation, OrganisationKind
from people.imports.applying import KIND, staff_import
from people.imports.reading import FIELD_LABELS, STAFF_COLUMNS, summary_text
from people.imports.undo import staff_import_undo
from people.models import User

__all__ = [
    "FIELD_LABELS",
    "KIND",
    "STAFF_COLUMNS",
    "school_for_import",
    "staff_import",
    "staff_import_record",
    "staff_import_records",
    "staff_import_undo",
    "summary_text",
    "unconfirmed_text",
]


def school_for_import(*, school_number: str) -> Organisation | None:
    """The school a command-line staff import names (the CLI is trusted; pages use selectors)."""
    return Organisation.objects.filter(kind=OrganisationKind.SCHOOL, code=school_number).first()


def unconfirmed_text(result: ImportResult) -> str:
    """Why a file that would end many people's employment was not applied (API and CLI)."""
    count = result.confirm_count or 0
    return ngettext(
        "This file would end the employment of %(count)s of the %(current)s people who work "
        "at this school now. Confirm that number to go ahead. Nothing has been changed.",
        "This file would end the employment of %(count)s of the %(current)s people who work "
        "at this school now. Confirm that number to go ahead. Nothing has been changed.",
        count,
    ) % {"count": count, "current": result.current}


def staff_import_records(*, user: User | None, school: Organisation) -> QuerySet:
    """The school's staff imports, newest first; 404 unless the user may import its staff."""
    if user is not None:
        access.require(user, "people.staff.import", school)
    return records_of(kind=KIND, scope=school.code)


def staff_import_record(*, user: User | None, school: Organisation, pk: int) -> ImportRecord:
    """One of the school's staff imports; any other record is a 404, as if missing."""
    record = staff_import_records(user=user, school=school).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


@undoes(KIND)
def _undo_from_command_line(record: ImportRecord) -> ImportRecord:
    school = school_for_import(school_number=record.scope)
    if school is None:
        raise Http404
    return staff_import_undo(record=record, school=school)

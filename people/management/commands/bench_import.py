from __future__ import annotations

import datetime
import random
import statistics
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client

from core import bench
from core.csvkit import write_csv
from people import imports
from people.models import Employment, User
from people.seed import FIRST_NAMES, LAST_NAMES

HEADER = ["Email", "Forename", "Surname", "Role", "FTE", "Start Date", "End Date", "EWC Number"]
ROLES = ("Teacher", "Teaching assistant", "HLTA", "Leader", "Supply")


def staff_file(school_code: str, rows: int, rng: random.Random) -> str:
    """The school's current staff as they are, then new people with common Welsh names."""
    lines: list[list[object]] = [HEADER]
    current = (
        Employment.objects.on(datetime.date.today())  # noqa: DTZ011 - a bench, local date
        .filter(school__code=school_code)
        .select_related("person__user")
    )
    for employment in current[:rows]:
        user = employment.person.user
        lines.append(
            [
                user.email,
                user.first_name,
                user.last_name,
                employment.role_type,
                employment.fte,
                f"{employment.starts_on:%d/%m/%Y}",
                "",
                "",
            ]
        )
    for number in range(rows + 1 - len(lines)):
        lines.append(
            [
                f"bench.{number}@import.hawl.example",
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                rng.choice(ROLES),
                1,
                "01/09/2025",
                "",
                f"B{number:07d}",
            ]
        )
    return write_csv(lines)


class SignInProbe(threading.Thread):
    """Signs the demo teacher in over and over (a new session and last_login: the writes a
    sign-in makes), timing each, while an import runs in the main thread."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.seconds: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        try:
            teacher = User.objects.get(username="teacher")
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    Client().force_login(teacher)
                except Exception as error:
                    self.failures.append(repr(error))
                self.seconds.append(time.perf_counter() - started)
                time.sleep(0.05)
        finally:
            connection.close()

    def report(self) -> str:
        return (
            f"{len(self.seconds)} sign-ins, median {statistics.median(self.seconds):.2f} s, "
            f"longest {max(self.seconds):.2f} s, failed {len(self.failures)} "
            f"{self.failures[:1]}"
        )


class Command(BaseCommand):
    help = (
        "Seed a fresh database at a scale (as hawl bench does, in its own bench database), then "
        "time a staff import of --rows rows for the demo head's school (check, apply, undo) "
        "while another thread signs in over and over."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=20000)
        parser.add_argument("--scale", default="wales")

    def handle(self, *args: Any, rows: int, scale: str, **options: Any) -> None:
        database = bench.use_fresh_database(f"{scale}-import")
        bench.prepare(scale=scale, seed_value=1, log=lambda _: None)
        code = (
            Employment.objects.filter(person__user__username="head")
            .values_list("school__code", flat=True)
            .get()
        )
        school = imports.school_for_import(school_number=code)
        data = staff_file(code, rows, random.Random(1))  # noqa: S311 - test data, not secrets
        self.stdout.write(
            f"{database['vendor']}: {rows} rows for school {code}, "
            f"{User.objects.count()} accounts in Hawl"
        )
        started = time.perf_counter()
        checked = imports.staff_import(school=school, data=data)
        self.stdout.write(f"check: {time.perf_counter() - started:.1f} s {checked.summary()}")
        for step in ("apply", "undo"):
            probe = SignInProbe()
            probe.start()
            time.sleep(1)
            started = time.perf_counter()
            if step == "apply":
                result = imports.staff_import(school=school, data=data, apply=True)
                outcome = str(result.summary())
            else:
                imports.staff_import_undo(record=result.record, school=school)
                outcome = "undone"
            self.stdout.write(f"{step}: {time.perf_counter() - started:.1f} s {outcome}")
            time.sleep(1)
            probe.stop.set()
            probe.join()
            self.stdout.write(f"  meanwhile: {probe.report()}")

"""One factory per model, both languages filled."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth.hashers import make_password

from organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationLink,
    SchoolCensus,
    SchoolProfile,
)
from people.models import Employment, Person, RoleGrant, RoleType, User
from standards.models import Term

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    # Hashed when a user is made, with the hasher the tests use (tests/conftest.py).
    password = factory.LazyFunction(lambda: make_password(PASSWORD))
    preferred_language = "en"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    role_type = RoleType.TEACHER


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PROVIDER
    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_cy = factory.Sequence(lambda n: f"Sefydliad {n}")


class OrganisationLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationLink

    parent = factory.SubFactory(OrganisationFactory)
    child = factory.SubFactory(OrganisationFactory)
    starts_on = datetime.date(2000, 1, 1)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__code=vocabulary, code=code)


class SchoolFactory(OrganisationFactory):
    """A school, with a profile and a census; ``la=`` links it to a local authority."""

    kind = OrganisationKind.SCHOOL
    code = factory.Sequence(lambda n: f"681{2000 + n:04d}")
    name_en = factory.Sequence(lambda n: f"Test Primary School {n}")
    name_cy = factory.Sequence(lambda n: f"Ysgol Gynradd Prawf {n}")
    opened_on = datetime.date(1990, 9, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        la = kwargs.pop("la", None)
        sector = kwargs.pop("sector", "primary")
        language_category = kwargs.pop("language_category", "english-medium")
        fte = kwargs.pop("fte", "12.5")
        school = super()._create(model_class, *args, **kwargs)
        SchoolProfile.objects.create(
            school=school,
            sector=term("school-sector", sector),
            language_category=term("language-category", language_category),
            address="1 Heol yr Ysgol",
            postcode="CF10 1AA",
        )
        SchoolCensus.objects.create(
            school=school, census_date=datetime.date(2026, 1, 15), fte_teachers=fte
        )
        if la is not None:
            OrganisationLink.objects.create(parent=la, child=school, starts_on=school.opened_on)
        return school


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    school = factory.SubFactory(SchoolFactory)
    role_type = RoleType.TEACHER
    fte = 1
    starts_on = datetime.date(2020, 9, 1)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = "headteacher"
    organisation = factory.SubFactory(SchoolFactory)
    starts_on = datetime.date(2020, 9, 1)

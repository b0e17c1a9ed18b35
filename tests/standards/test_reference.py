"""Reference data: versioned files, loaded idempotently, every item in English and Welsh."""

from __future__ import annotations

import datetime
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from core.reference import ReferenceDataError, load_all
from organisations.models import Organisation, OrganisationKind, OrganisationLink
from standards.models import Element, Framework, Standard, Term, Vocabulary

STANDARD_NAMES = ["Pedagogy", "Collaboration", "Professional learning", "Innovation", "Leadership"]


def test_the_five_standards_in_both_frameworks(db):
    for code in ["teaching-leadership-2017", "assisting-teaching-2019"]:
        framework = Framework.objects.get(code=code)
        assert [s.name_en for s in framework.standards.all()] == STANDARD_NAMES
        assert [s.name_cy for s in framework.standards.all()] == [
            "Addysgeg",
            "Cydweithio",
            "Dysgu proffesiynol",
            "Arloesi",
            "Arweinyddiaeth",
        ]
    pedagogy = Standard.objects.get(framework__code="teaching-leadership-2017", code="pedagogy")
    assert [e.name_en for e in pedagogy.elements.all()] == [
        "Refining teaching",
        "Influencing learners",
        "Advancing learning",
    ]


def test_every_reference_item_has_an_english_and_a_welsh_name(db):
    for model in [Vocabulary, Term, Framework, Standard, Element]:
        assert not model.objects.filter(name_cy="").exists(), model
        assert not model.objects.filter(name_en="").exists(), model
    reference_orgs = Organisation.objects.exclude(kind=OrganisationKind.SCHOOL)
    # The one exception the file declares in cy_review: the national body has published no
    # Welsh name yet, and Hawl invents none.
    without_welsh = set(reference_orgs.filter(name_cy="").values_list("code", flat=True))
    assert without_welsh == {"NPLLEW"}


def test_the_taxonomies_are_there(db):
    counts = {v.code: v.terms.count() for v in Vocabulary.objects.all()}
    assert counts == {
        "school-sector": 6,
        "language-category": 10,
        "priority-area": 3,
        "topic": 9,
        "delivery-method": 8,
        "provision-level": 4,
        "estyn-characteristic": 5,
        "slo-dimension": 7,
        "career-stage": 5,
        "pathway": 2,
        "pathway-level": 3,
    }


def test_the_22_local_authorities_and_their_regions(db):
    assert Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).count() == 22
    today = datetime.date(2026, 11, 23)
    current = OrganisationLink.objects.on(today).filter(
        parent__kind=OrganisationKind.REGION, child__kind=OrganisationKind.LOCAL_AUTHORITY
    )
    # GwE ended on 31 May 2025: its six LAs are in no region, held by the nation directly.
    assert current.count() == 16
    assert current.values("child").distinct().count() == 16
    direct = OrganisationLink.objects.on(today).filter(
        parent__kind=OrganisationKind.NATION, child__kind=OrganisationKind.LOCAL_AUTHORITY
    )
    assert sorted(direct.values_list("child__code", flat=True)) == [
        "660",
        "661",
        "662",
        "663",
        "664",
        "665",
    ]


def test_loading_twice_changes_nothing(db):
    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in [
                Vocabulary,
                Term,
                Framework,
                Standard,
                Element,
                Organisation,
                OrganisationLink,
            ]
        ]

    before = snapshot()
    load_all()
    call_command("load_reference", verbosity=0)
    assert snapshot() == before


def test_a_new_framework_version_is_data_not_code(db, tmp_path):
    for path in (settings.BASE_DIR / "reference").glob("*.yaml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "standards-teaching-2026.yaml").write_text(
        "kind: framework\nversion: '2026'\ncode: teaching-2026\nsource: consultation\n"
        "name: {en: Professional standards for teaching (2026), cy: Safonau proffesiynol ar gyfer"
        " addysgu (2026)}\nstarts_on: 2026-09-01\napplies_to: [teacher]\nstandards:\n"
        "  - {code: pedagogy, name: {en: Pedagogy, cy: Addysgeg}}\n",
        encoding="utf-8",
    )
    load_all(tmp_path)
    framework = Framework.objects.get(code="teaching-2026")
    assert framework.standards.get().name_cy == "Addysgeg"
    assert Framework.objects.count() == 3


def test_a_malformed_file_names_itself_and_changes_nothing(db, tmp_path):
    for path in (settings.BASE_DIR / "reference").glob("*.yaml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "zz-broken.yaml").write_text(
        "kind: framework\ncode: broken\nname: {en: Broken}\n", encoding="utf-8"
    )
    Term.objects.filter(code="digital").update(name_cy="newid")
    with pytest.raises(ReferenceDataError, match=r"zz-broken\.yaml"):
        load_all(tmp_path)
    assert Term.objects.get(code="digital").name_cy == "newid"  # rolled back, all or nothing
    with pytest.raises(CommandError, match=r"zz-broken\.yaml"):
        call_command("load_reference", directory=tmp_path)


def test_an_unknown_kind_is_refused(db, tmp_path):
    (tmp_path / "x.yaml").write_text("kind: nonsense\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="no loader for kind 'nonsense'"):
        load_all(tmp_path)

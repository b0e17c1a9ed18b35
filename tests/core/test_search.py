"""Full-text search (core.search) on the one model that declares it today: organisations' names.

Every test runs on SQLite and, under ``DATABASE_URL``, on PostgreSQL: the same words must find
the same rows on both.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count

from core import search
from organisations.models import Organisation, OrganisationKind
from tests.factories import OrganisationFactory

KIND = OrganisationKind.PROVIDER


def _names(q: str) -> set[str]:
    """The English names of this test's providers that ``q`` finds."""
    found = search.matching(Organisation.objects.filter(kind=KIND, code__startswith="T-"), q)
    return set(found.values_list("name_en", flat=True))


def _provider(name_en: str, name_cy: str = "") -> Organisation:
    return OrganisationFactory(
        kind=KIND, code=f"T-{Organisation.objects.count()}", name_en=name_en, name_cy=name_cy
    )


@pytest.fixture
def providers(db) -> None:
    _provider("Leadership Academy", "Academi Arweinyddiaeth")
    _provider("Welsh-medium Schools Network", "Rhwydwaith Ysgolion Cymraeg")
    _provider("Water Centre", "Canolfan Dŵr a Gŵyr")
    _provider("Ysgol Pen-y-dwr", "YSGOL PEN-Y-DŴR")
    _provider("Café Curriculum", "")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("leadership", {"Leadership Academy"}),
        ("academy leadership", {"Leadership Academy"}),  # every word, in any order
        ("arweinyddiaeth", {"Leadership Academy"}),
        ("Academi ARWEINYDDIAETH", {"Leadership Academy"}),
        ("rhwydwaith ysgolion", {"Welsh-medium Schools Network"}),
        ("leadership network", set()),  # a row must hold all the words
        ("medium", {"Welsh-medium Schools Network"}),  # hyphens separate words
    ],
)
def test_finds_words_in_either_language(providers, q, expected):
    assert _names(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("arwein", {"Leadership Academy"}),
        ("academi arwein", {"Leadership Academy"}),
        ("lead", {"Leadership Academy"}),
        ("ysgol", {"Welsh-medium Schools Network", "Ysgol Pen-y-dwr"}),
        ("arwein academi", set()),  # only the last word is a prefix
        ("cymr", {"Welsh-medium Schools Network"}),
    ],
)
def test_the_last_word_is_a_prefix(providers, q, expected):
    assert _names(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("dwr", {"Water Centre", "Ysgol Pen-y-dwr"}),
        ("dŵr", {"Water Centre", "Ysgol Pen-y-dwr"}),
        ("DŴR", {"Water Centre", "Ysgol Pen-y-dwr"}),
        ("gwyr", {"Water Centre"}),
        ("gŵy", {"Water Centre"}),
        ("cafe", {"Café Curriculum"}),
        ("café", {"Café Curriculum"}),
        ("cafe\u0301", {"Café Curriculum"}),  # typed decomposed
    ],
)
def test_diacritics_are_ignored_both_ways(providers, q, expected):
    assert _names(q) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="English stemming is PostgreSQL's")
def test_english_words_are_stemmed_on_postgresql(providers):
    assert _names("schools network") == {"Welsh-medium Schools Network"}
    assert _names("school networks") == {"Welsh-medium Schools Network"}


HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "**ysgol",
    "ysgol*",
    "-",
    "-ysgol",
    "+ysgol",
    "OR",
    "AND",
    "NOT",
    "NEAR",
    "ysgol OR dwr",
    "ysgol NOT dwr",
    "NEAR(ysgol dwr)",
    "name_en:ysgol",
    "{name_en name_cy}: ysgol",
    "^ysgol",
    "ysgol:*",
    "!ysgol",
    "ysgol & dwr | !cafe",
    "ysgol <-> dwr",
    "(ysgol",
    "ysgol)",
    "\\",
    "%_%",
    "'; DROP TABLE organisations_organisation; --",
    "😀",
    "中文 検索",
    "\u0302",
    "\u200b",
    "ﬁ ß İ",
    "١٢٣",
    "a" * 10_000,
    "ysgol " * 1_000,
    " ".join(f"w{n}" for n in range(100)),
    "ŵ" * 3_000,
    "ysgol\x00dwr",  # the middleware refuses it first; words never carry it
]


@pytest.mark.parametrize("q", HOSTILE)
def test_no_input_is_an_error(providers, q):
    found = search.matching(Organisation.objects.all(), q)
    assert len(list(found.order_by(f"-{search.SEARCH_RANK}" if search.words(q) else "pk"))) >= 0
    assert found.count() >= 0


@pytest.mark.parametrize("q", ["", "   ", "\t\n", "*", '"-"', "!!!"])
def test_a_query_without_words_leaves_the_queryset_as_it_was(db, q):
    queryset = Organisation.objects.filter(kind=KIND)
    assert search.matching(queryset, q) is queryset


def test_operators_are_words(providers):
    _provider("Or Not Near", "")
    assert _names("or not near") == {"Or Not Near"}


def test_better_matches_rank_higher(providers):
    """In both names beats in one; a short name beats a long one that says more besides."""
    _provider("Mentoring and coaching across a long list of other things", "Mentora")
    _provider("Coaching skills", "Sgiliau hyfforddi")
    _provider("Coaching", "Coaching")
    found = search.matching(Organisation.objects.filter(code__startswith="T-"), "coaching")
    ranked = list(found.order_by(f"-{search.SEARCH_RANK}").values_list("name_en", "search_rank"))
    assert [name for name, _rank in ranked] == [
        "Coaching",
        "Coaching skills",
        "Mentoring and coaching across a long list of other things",
    ]
    assert all(rank > 0 for _name, rank in ranked)


def test_matching_composes_with_filters_counts_slices_and_subqueries(providers):
    found = search.matching(Organisation.objects.filter(kind=KIND), "ysgol")
    assert found.filter(name_en__startswith="Ysgol").count() == 1
    page = found.order_by(f"-{search.SEARCH_RANK}", "name_en")[:1]
    assert len(list(page)) == 1
    inner = found.order_by(f"-{search.SEARCH_RANK}").values("pk")[:5]
    assert Organisation.objects.filter(pk__in=inner).count() == 2
    by_kind = found.values("kind").annotate(n=Count("pk"))
    assert list(by_kind) == [{"kind": KIND, "n": 2}]


def test_bulk_created_rows_are_found(db):
    Organisation.objects.bulk_create(
        Organisation(kind=KIND, code=f"T-B{n}", name_en=f"Bulk {n}", name_cy=f"Swmp dŵr {n}")
        for n in range(500)
    )
    assert len(_names("swmp dwr")) == 500
    assert _names("bulk 417") == {"Bulk 417"}


def test_changes_and_deletions_are_followed(providers):
    centre = Organisation.objects.get(code__startswith="T-", name_en="Water Centre")
    centre.name_en = "River Centre"
    centre.save()
    assert _names("water") == set()
    assert _names("river") == {"River Centre"}
    Organisation.objects.filter(pk=centre.pk).update(name_cy="Canolfan Afon")
    assert _names("gwyr") == set()
    assert _names("afon") == {"River Centre"}
    centre.delete()
    assert _names("river") == set()
    Organisation.objects.filter(code__startswith="T-").delete()
    assert _names("ysgol") == set()


def _plan(model, q: str) -> str:
    queryset = search.matching(model.objects.all(), q).order_by(f"-{search.SEARCH_RANK}")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_filters_through_the_gin_index(providers):
    for label, index in search.declared().items():
        plan = _plan(apps.get_model(label), "ysgol gymr")
        assert f"Bitmap Index Scan on {index.name}" in plan, plan
        assert "Seq Scan" not in plan, plan


def test_every_declared_index_is_the_one_its_migration_made(db):
    assert search.declared()["organisations.organisation"] is Organisation.full_text
    for label, index in search.declared().items():
        model = apps.get_model(label)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f'PRAGMA table_info("{index.name}")')
                assert [row[1] for row in cursor.fetchall()] == index.columns(model)
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [model._meta.db_table],
                )
                assert {f"{index.name}_{event}" for event in ("insert", "update", "delete")} <= {
                    row[0] for row in cursor.fetchall()
                }
            else:
                cursor.execute(
                    "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute"
                    " ON attrelid = adrelid AND attnum = adnum"
                    " WHERE adrelid = %s::regclass AND attname = %s",
                    [model._meta.db_table, index.name],
                )
                (generated,) = cursor.fetchone()
                for column in index.columns(model):
                    assert column in generated


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_triggers_come_back_after_sqlite_rebuilds_the_table(providers):
    """Django alters a SQLite table by copying it to a new one: the old one's triggers go."""
    old = Organisation._meta.get_field("name_en")
    new = old.clone()
    new.set_attributes_from_name("name_en")
    new.model = Organisation
    new.max_length = 201
    # Outside its ``with`` block, which cannot turn foreign keys off inside the test's
    # transaction; the rebuild is rolled back with the test.
    editor = connection.schema_editor()
    editor.deferred_sql = []
    editor.alter_field(Organisation, old, new)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [Organisation._meta.db_table],
        )
        assert cursor.fetchone() == (0,)
    _provider("Lost Centre", "")
    assert _names("lost") == set()  # nothing kept the index in step

    assert search.restore_triggers() == ["organisation_search"]
    assert _names("lost") == {"Lost Centre"}
    _provider("Found Centre", "")
    assert _names("found") == {"Found Centre"}
    assert search.restore_triggers() == []

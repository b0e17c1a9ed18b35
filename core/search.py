"""Full-text search in English and Welsh behind one call, on SQLite and on PostgreSQL.

A model says what it searches, in its body::

    full_text = FullText("opportunity_search", {"title_en": "A", "title_cy": "A", ...})

a migration builds the index from the same name and fields (``CreateFullTextIndex``), and a
selector narrows any queryset to what someone typed::

    found = search.matching(queryset, q)  # filtered, annotated ``search_rank`` (higher is better)
    found.order_by("-search_rank", "title_en")

The result is an ordinary queryset: filter it further, count it, page it, group it for facets.
Matching costs no extra query and nothing per row beyond the rank of the rows selected.

What someone types becomes words: letters and digits, lower case, diacritics dropped, at most
``MAX_WORDS`` of ``MAX_WORD_LENGTH`` characters; everything else (quotes, ``*``, ``-``, ``OR``,
brackets) only separates words, so no input is a syntax error. A row matches when it holds every
word, the last one as the start of a word ("arwein" finds "arweinyddiaeth"). A query with no
words leaves the queryset as it was.

SQLite (FTS5): an external-content FTS5 table named after the index, kept in step with the
model's table by AFTER INSERT/UPDATE/DELETE triggers (so ``bulk_create`` and ``update()`` are
indexed too). The tokenizer is ``unicode61 remove_diacritics 2`` for every column: ŵ ŷ â match
w y a. There is no stemmer: FTS5 allows one tokenizer a table, and Porter's English rules damage
Welsh ("lles", wellbeing, becomes "lle", place; "cwrs", course, becomes "cwr", corner), so
English plurals are found by the last word's prefix ("school" finds "schools") and not otherwise.
Matching is ``pk IN (SELECT rowid FROM fts WHERE fts MATCH …)``; the rank is ``bm25`` with the
fields' weights, read from a subquery SQLite materialises once a statement.

Django rebuilds a SQLite table to alter it, which drops the table's triggers: after every
``migrate``, ``restore_triggers`` puts back the triggers of any full-text table that lost them
and rebuilds that index.

PostgreSQL: the document is ``setweight(to_tsvector(config, fold(fields)), weight)`` for each
weight, concatenated with ``||``. Every field is indexed with the ``simple`` configuration
(PostgreSQL has no Welsh stemmer, and this keeps the match rules of SQLite); ``_en`` fields are
indexed with ``english`` too, so "schools" also finds "school" and "teaching" finds "teach".
``fold`` is ``normalize(…, NFD)`` with the combining diacritics removed: built in and immutable,
where ``unaccent`` is an extension, and ``translate`` over accented letters is eight times slower.
Two things are built on the document: a GIN index on the expression itself, which the filter
repeats exactly (so the planner, which knows ``to_tsvector`` is dear, always uses the index; on a
stored column it cannot see the cost of reading every row's document and scans the table), and
a stored generated column holding it, which ``ts_rank`` reads: computing the document again to
rank a catalogue entry costs 1.5 ms, reading it tens of µs. A query word is
``to_tsquery('english', w) || to_tsquery('simple', w)``, the words joined with ``&&``.

Changing an indexed field (its type, its name, removing it) needs the index removed before and
made again after, in the same migration: PostgreSQL refuses to alter the type of a column a
generated column reads, and the FTS5 table names the columns it copies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, Expression, F, FloatField, Model, QuerySet
from django.db.models.expressions import Col, RawSQL
from django.db.models.sql.compiler import SQLCompiler

SEARCH_RANK = "search_rank"
MAX_WORDS = 16
MAX_WORD_LENGTH = 64

# PostgreSQL's default weights for ts_rank; FTS5's bm25 is given the same, column by column.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
TOKENIZER = "unicode61 remove_diacritics 2"

_NAME = re.compile(r"[a-z][a-z0-9_]{0,50}\Z")
_WORD = re.compile(r"[^\W_]+")
_DIACRITICS = re.compile("[\u0300-\u036f]")  # the Combining Diacritical Marks block
_FTS5_TABLE = re.compile(
    r"content='(?P<table>\w+)', content_rowid='(?P<pk>\w+)', tokenize='" + TOKENIZER + "'"
)
_TRIGGERS = ("insert", "delete", "update")
_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}

_declared: dict[str, FullText] = {}


class FullText:
    """What a model searches: its text fields, each weighted from "A" (most) to "D" (least).

    Fields whose names end ``_en`` are English (stemmed as English on PostgreSQL); every other
    field (Welsh, names) is matched word for word. Declare one in the model's body; the index
    itself is made by ``CreateFullTextIndex`` with the same name and fields.
    """

    def __init__(self, name: str, fields: Mapping[str, str] | Sequence[str]) -> None:
        if not _NAME.match(name):
            raise ValueError(f"{name!r}: a full-text index is named in lower-case letters and _.")
        pairs = (
            tuple(fields.items())
            if isinstance(fields, Mapping)
            else tuple((field, "A") for field in fields)
        )
        if not pairs:
            raise ValueError(f"{name}: a full-text index needs at least one field.")
        for field, weight in pairs:
            if weight not in WEIGHTS:
                raise ValueError(f"{name}: {field}'s weight must be one of A, B, C, D.")
        self.name = name
        self.fields: tuple[tuple[str, str], ...] = pairs

    def __repr__(self) -> str:
        return f"FullText({self.name!r}, {dict(self.fields)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FullText) and (self.name, self.fields) == (
            other.name,
            other.fields,
        )

    def __hash__(self) -> int:
        return hash((self.name, self.fields))

    def contribute_to_class(self, cls: type[Model], name: str) -> None:
        """Django calls this for the declaration in a model's body: one index a model."""
        label = cls._meta.label_lower
        existing = _declared.get(label)
        if existing is not None and existing.name != self.name:
            raise ImproperlyConfigured(f"{label} declares two full-text indexes.")
        _declared[label] = self
        setattr(cls, name, self)

    # The SQL both backends are built from.

    def columns(self, model: type[Model]) -> list[str]:
        return [model._meta.get_field(field).column for field, _weight in self.fields]

    def bm25_weights(self) -> str:
        return ", ".join(str(WEIGHTS[weight]) for _field, weight in self.fields)

    def document_sql(self, column_sql: Callable[[str], str]) -> str:
        """The tsvector of a row, from SQL for each field's column (bare in the index, qualified
        by the table's alias in a query: PostgreSQL then sees the same expression)."""
        parts = []
        for weight in WEIGHTS:
            every = [field for field, wanted in self.fields if wanted == weight]
            english = [field for field in every if field.endswith("_en")]
            for config, fields in (("english", english), ("simple", every)):
                if fields:
                    text = " || ' ' || ".join(f"COALESCE({column_sql(f)}, '')" for f in fields)
                    # The two characters themselves (U+0300, U+036F) bound the class.
                    folded = f"regexp_replace(normalize({text}, NFD), '[\u0300-\u036f]', '', 'g')"
                    parts.append(
                        f"setweight(to_tsvector('{config}'::regconfig, {folded}), '{weight}')"
                    )
        return " || ".join(parts)


def declared() -> dict[str, FullText]:
    """Every model's declared index, by model label."""
    return dict(_declared)


def full_text_of(model: type[Model]) -> FullText:
    found = _declared.get(model._meta.concrete_model._meta.label_lower)
    if found is None:
        raise ImproperlyConfigured(f"{model._meta.label} declares no FullText to search.")
    return found


# What someone typed, as words.


def _fold(text: str) -> str:
    """Lower case, decomposed, diacritics dropped: what PostgreSQL's document holds."""
    return _DIACRITICS.sub("", unicodedata.normalize("NFD", text.lower()))


def words(q: str) -> list[str]:
    """The words ``matching`` looks for in ``q``: letters and digits, folded, at most
    ``MAX_WORDS`` of at most ``MAX_WORD_LENGTH`` characters. Empty when there is nothing to find.
    """
    return [word for word, _prefix in _terms(q)]


def _terms(q: str) -> list[tuple[str, bool]]:
    """Each word and whether it is a prefix: the last one is, and so is one cut short."""
    found = _WORD.findall(_fold(q))[:MAX_WORDS]
    return [
        (word[:MAX_WORD_LENGTH], index == len(found) - 1 or len(word) > MAX_WORD_LENGTH)
        for index, word in enumerate(found)
    ]


def _fts5_query(terms: Iterable[tuple[str, bool]]) -> str:
    """Each word a quoted FTS5 string (words hold no quotes), ANDed; ``*`` marks a prefix."""
    return " ".join(
        f'"{unicodedata.normalize("NFC", word)}"' + ("*" if prefix else "")
        for word, prefix in terms
    )


def _tsquery(terms: Sequence[tuple[str, bool]]) -> tuple[str, list[str]]:
    """Every word as English or as itself; all the words. Each is a quoted tsquery lexeme."""
    sql = " && ".join(
        "(to_tsquery('english'::regconfig, %s) || to_tsquery('simple'::regconfig, %s))"
        for _term in terms
    )
    params = []
    for word, prefix in terms:
        lexeme = f"'{word}'" + (":*" if prefix else "")
        params += [lexeme, lexeme]
    return f"({sql})", params


# The expressions a query is built from.


class _Fts5Rank(Expression):
    """``-bm25`` of the row's FTS5 entry: higher is better. The inner query is not flattened
    (``LIMIT -1 OFFSET 0``), so SQLite runs the search once and looks each row up in it."""

    output_field = FloatField()

    def __init__(self, index: FullText, match: str) -> None:
        super().__init__()
        self.index = index
        self.match = match
        self.pk: Any = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        pk_sql, pk_params = compiler.compile(self.pk)
        table = connection.ops.quote_name(self.index.name)
        weights = self.index.bm25_weights()
        # Identifiers from the FullText (its name is checked); the words are a parameter.
        sql = (
            f'(SELECT "fts_rank" FROM (SELECT rowid AS "fts_rowid", -bm25({table}, {weights})'  # noqa: S608
            f' AS "fts_rank" FROM {table} WHERE {table} MATCH %s LIMIT -1 OFFSET 0)'
            f' WHERE "fts_rowid" = {pk_sql})'
        )
        return sql, (self.match, *pk_params)


class _TsMatch(Expression):
    """The row's document (the index's very expression) matches the words."""

    output_field = BooleanField()

    def __init__(self, index: FullText, terms: Sequence[tuple[str, bool]]) -> None:
        super().__init__()
        self.index = index
        self.terms = list(terms)
        self.columns: list[Any] = [F(field) for field, _weight in index.fields]

    def get_source_expressions(self) -> list[Any]:
        return self.columns

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.columns = list(exprs)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        compiled = {}
        for (field, _weight), column in zip(self.index.fields, self.columns, strict=True):
            compiled[field], _params = compiler.compile(column)
        query, params = _tsquery(self.terms)
        return f"({self.index.document_sql(compiled.__getitem__)}) @@ {query}", params


class _TsRank(Expression):
    """``ts_rank`` of the stored document (normalised by its length, as bm25 is)."""

    output_field = FloatField()

    def __init__(self, index: FullText, terms: Sequence[tuple[str, bool]]) -> None:
        super().__init__()
        self.index = index
        self.terms = list(terms)
        self.pk: Any = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        if not isinstance(self.pk, Col):
            raise NotSupportedError("Full-text search needs the model's own table.")
        document = connection.ops.quote_name(self.index.name)
        if self.pk.alias:
            document = f"{compiler.quote_name_unless_alias(self.pk.alias)}.{document}"
        query, params = _tsquery(self.terms)
        return f"ts_rank({document}, {query}, 1)", params


def matching(queryset: QuerySet, q: str) -> QuerySet:
    """The rows of ``queryset`` holding every word of ``q`` (the last as a prefix), annotated
    ``search_rank`` (higher is better); ``queryset`` itself when ``q`` has no words."""
    terms = _terms(q)
    if not terms:
        return queryset
    index = full_text_of(queryset.model)
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        match = _fts5_query(terms)
        table = connections[queryset.db].ops.quote_name(index.name)
        rowids = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608 - the name is checked
        found = RawSQL(rowids, [match])  # noqa: S611 - the words are a parameter
        return queryset.filter(pk__in=found).annotate(**{SEARCH_RANK: _Fts5Rank(index, match)})
    if vendor == "postgresql":
        return queryset.filter(_TsMatch(index, terms)).annotate(
            **{SEARCH_RANK: _TsRank(index, terms)}
        )
    raise NotSupportedError(f"No full-text search on {vendor}.")


# Building the index.


def _sqlite_triggers(name: str, table: str, pk: str, columns: Sequence[str]) -> list[str]:
    def q(identifier: str) -> str:
        return f'"{identifier}"'

    listed = ", ".join(q(column) for column in columns)
    new = ", ".join(f"new.{q(column)}" for column in columns)
    old = ", ".join(f"old.{q(column)}" for column in columns)
    # Identifiers only: the index's checked name and the model's columns.
    add = f"INSERT INTO {q(name)}(rowid, {listed}) VALUES (new.{q(pk)}, {new});"  # noqa: S608
    remove = f"INSERT INTO {q(name)}({q(name)}, rowid, {listed})"
    remove += f" VALUES ('delete', old.{q(pk)}, {old});"
    watched = ", ".join(q(column) for column in (pk, *columns))
    return [
        f"CREATE TRIGGER {q(name + '_insert')} AFTER INSERT ON {q(table)} BEGIN {add} END",
        f"CREATE TRIGGER {q(name + '_delete')} AFTER DELETE ON {q(table)} BEGIN {remove} END",
        f"CREATE TRIGGER {q(name + '_update')} AFTER UPDATE OF {watched} ON {q(table)}"
        f" BEGIN {remove} {add} END",
    ]


def _sqlite_drop_triggers(name: str) -> list[str]:
    return [f'DROP TRIGGER IF EXISTS "{name}_{event}"' for event in _TRIGGERS]


def _rebuild(name: str) -> str:
    return f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')'  # noqa: S608 - a checked name


def create_sql(index: FullText, model: type[Model], connection: BaseDatabaseWrapper) -> list[str]:
    """The statements that build ``index`` over ``model``'s table (filled from its rows)."""
    table, pk = model._meta.db_table, model._meta.pk.column
    columns = index.columns(model)
    if index.name in columns:
        raise ImproperlyConfigured(f"{index.name} is also the name of a column.")
    if connection.vendor == "sqlite":
        if model._meta.pk.get_internal_type() not in _INTEGER_KEYS:
            raise NotSupportedError(f"FTS5 needs an integer primary key on {table}.")
        listed = ", ".join(f'"{column}"' for column in columns)
        return [
            f'CREATE VIRTUAL TABLE "{index.name}" USING fts5({listed},'
            f" content='{table}', content_rowid='{pk}', tokenize='{TOKENIZER}')",
            *_sqlite_triggers(index.name, table, pk, columns),
            _rebuild(index.name),
        ]
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        quoted = {
            field: quote(column) for (field, _w), column in zip(index.fields, columns, strict=True)
        }
        document = index.document_sql(quoted.__getitem__)
        return [
            f"ALTER TABLE {quote(table)} ADD COLUMN {quote(index.name)} tsvector"
            f" GENERATED ALWAYS AS ({document}) STORED",
            f"CREATE INDEX {quote(index.name)} ON {quote(table)} USING gin (({document}))",
        ]
    raise NotSupportedError(f"No full-text search on {connection.vendor}.")


def drop_sql(index: FullText, model: type[Model], connection: BaseDatabaseWrapper) -> list[str]:
    if connection.vendor == "sqlite":
        return [*_sqlite_drop_triggers(index.name), f'DROP TABLE IF EXISTS "{index.name}"']
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        return [
            f"DROP INDEX IF EXISTS {quote(index.name)}",
            f"ALTER TABLE {quote(model._meta.db_table)} DROP COLUMN IF EXISTS {quote(index.name)}",
        ]
    raise NotSupportedError(f"No full-text search on {connection.vendor}.")


class CreateFullTextIndex(Operation):
    """Migration operation: build a model's full-text index (the model's state is unchanged).

    ``CreateFullTextIndex("organisation", "organisation_search", {"name_en": "A", ...})``,
    with the name and fields of the model's ``FullText``.
    """

    reversible = True

    def __init__(
        self, model_name: str, name: str, fields: Mapping[str, str] | Sequence[str]
    ) -> None:
        self.model_name = model_name
        self.index = FullText(name, fields)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            self.__class__.__qualname__,
            [],
            {
                "model_name": self.model_name,
                "name": self.index.name,
                "fields": dict(self.index.fields),
            },
        )

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing in Django's model state: the index lives beside the model, not in it."""

    def _run(
        self, build: Callable[..., list[str]], app_label: str, editor: Any, state: Any
    ) -> None:
        model = state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(editor.connection.alias, model):
            for statement in build(self.index, model, editor.connection):
                editor.execute(statement, params=None)

    def database_forwards(
        self, app_label: str, editor: Any, from_state: Any, to_state: Any
    ) -> None:
        self._run(create_sql, app_label, editor, to_state)

    def database_backwards(
        self, app_label: str, editor: Any, from_state: Any, to_state: Any
    ) -> None:
        self._run(drop_sql, app_label, editor, from_state)

    def describe(self) -> str:
        return f"Create full-text index {self.index.name} on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return self.index.name


class RemoveFullTextIndex(CreateFullTextIndex):
    """The reverse: remove a model's full-text index (say which, so it can be made again)."""

    def database_forwards(
        self, app_label: str, editor: Any, from_state: Any, to_state: Any
    ) -> None:
        self._run(drop_sql, app_label, editor, from_state)

    def database_backwards(
        self, app_label: str, editor: Any, from_state: Any, to_state: Any
    ) -> None:
        self._run(create_sql, app_label, editor, to_state)

    def describe(self) -> str:
        return f"Remove full-text index {self.index.name} from {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"remove_{self.index.name}"


def restore_triggers(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Put back the triggers of every FTS5 index whose table SQLite rebuilt, and rebuild it.

    Django alters a SQLite table by copying it to a new one, dropping the old and renaming the
    new; dropping a table drops its triggers, and the index would silently stop following the
    rows. Run after every ``migrate`` (``CoreConfig``); returns the indexes it restored.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    restored = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        for name, sql in cursor.fetchall():
            found = _FTS5_TABLE.search(sql or "")
            if not found or not sql.startswith("CREATE VIRTUAL TABLE"):
                continue
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [found["table"]],
            )
            present = {row[0] for row in cursor.fetchall()}
            if {f"{name}_{event}" for event in _TRIGGERS} <= present:
                continue
            cursor.execute(f'PRAGMA table_info("{name}")')
            columns = [row[1] for row in cursor.fetchall()]
            for statement in (
                *_sqlite_drop_triggers(name),
                *_sqlite_triggers(name, found["table"], found["pk"], columns),
                _rebuild(name),
            ):
                cursor.execute(statement)
            restored.append(name)
    return restored


def restore_after_migrate(using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, **kwargs: Any) -> None:
    """``post_migrate`` receiver for ``restore_triggers``."""
    restored = restore_triggers(using)
    stdout = kwargs.get("stdout")
    if restored and verbosity >= 1 and stdout is not None:
        stdout.write(f"  Restored the full-text triggers of {', '.join(restored)}.\n")

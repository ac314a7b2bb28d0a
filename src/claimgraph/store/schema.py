"""The corpus schema as SQLAlchemy Core tables (the same on SQLite and PostgreSQL).

A report is a ``document``: each origin (path or URL as ingested) has numbered versions, the latest
one not ``superseded``. Claims, their attribution hops (``source``), ``quantity`` and ``claim_time``
rows hang off a document version. ``entity`` and ``place`` rows are shared by the whole corpus
(one per real-world actor or place) and linked to claims through ``claim_actor``/``claim_place``.
Spans are ``[start, end)`` character offsets into ``document.text``. The user's own decisions live
apart from ingested rows, so re-ingesting never undoes them: ``source_grade`` (Admiralty reliability
A–F per source, keyed like origins) and ``entity_decision`` (merges and splits, in order). The
``reconcile_*`` tables keep the last reconciliation (see the note above ``reconcile_state``), its
same-proposition links included (``reconcile_link``, migration 4).

Migration 1 creates these tables as defined here: a later migration that changes a table must
change it here too, and first freeze that table's earlier definition inside migration 1.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()


def _span(prefix: str = "span") -> list[Column[int]]:
    return [Column(f"{prefix}_start", Integer), Column(f"{prefix}_end", Integer)]


def _claim_fk() -> Column[int]:
    return Column("claim_id", Integer, ForeignKey("claim.id", ondelete="CASCADE"), nullable=False)


schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

document = Table(
    "document", metadata,
    Column("id", Integer, primary_key=True),
    Column("origin", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("superseded", Boolean, nullable=False, default=False),
    Column("sha256", String(64), nullable=False),
    Column("published", Date),
    Column("published_source", String(20), nullable=False),
    Column("outlet", Text),
    Column("title", Text),
    Column("author", Text),
    Column("url", Text),
    Column("dateline", Text),
    Column("dateline_place", Text),
    Column("contract", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("article_json", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("origin", "version", name="uq_document_origin_version"),
    Index("ix_document_latest_origin", "origin", unique=True,
          sqlite_where=text("superseded = 0"), postgresql_where=text("superseded = false")),
    Index("ix_document_sha256", "sha256"),
    Index("ix_document_published", "published"),
)

document_pipeline = Table(
    "document_pipeline", metadata,
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("component", String(200), primary_key=True),
    Column("version", String(200), nullable=False),
)

entity = Table(
    "entity", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, unique=True),
    Column("type", String(40)),
    Column("country", String(8)),
)

entity_alias = Table(
    "entity_alias", metadata,
    Column("entity_id", Integer, ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True),
    Column("alias_key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
    Index("ix_entity_alias_key", "alias_key"),
)

place = Table(
    "place", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("place_key", Text, nullable=False, unique=True),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", Integer),
    Column("feature", String(40)),
)

claim = Table(
    "claim", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("local_id", String(40), nullable=False),
    Column("text", Text, nullable=False),
    *_span(),
    Column("cue", Text),
    Column("quote", String(20)),
    Column("certainty", String(4), nullable=False),
    Column("event_type", String(40)),
    Column("event_mode", String(40)),
    Column("event_trigger", Text),
    Column("background", Boolean, nullable=False, default=False),
    UniqueConstraint("document_id", "ordinal", name="uq_claim_document_ordinal"),
)

source = Table(
    "source", metadata,
    Column("id", Integer, primary_key=True),
    _claim_fk(),
    Column("hop", Integer, nullable=False),
    Column("text", Text, nullable=False),
    *_span(),
    Column("kind", String(40), nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("country", String(8)),
    Column("entity_id", Integer, ForeignKey("entity.id")),
    Column("entity_name", Text),
    Column("parties", Text, nullable=False),
    Column("via", Text),
    UniqueConstraint("claim_id", "hop", name="uq_source_claim_hop"),
    Index("ix_source_entity", "entity_id"),
)

quantity = Table(
    "quantity", metadata,
    Column("id", Integer, primary_key=True),
    _claim_fk(),
    Column("ordinal", Integer, nullable=False),
    Column("text", Text, nullable=False),
    *_span(),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("approximate", Boolean, nullable=False),
    Column("unspecified", Boolean, nullable=False),
    Column("unit", String(80)),
    Index("ix_quantity_claim", "claim_id"),
)

claim_time = Table(
    "claim_time", metadata,
    Column("id", Integer, primary_key=True),
    _claim_fk(),
    Column("ordinal", Integer, nullable=False),
    Column("text", Text, nullable=False),
    *_span(),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("precision", String(20), nullable=False),
    Column("role", String(20), nullable=False),
    Index("ix_claim_time_claim", "claim_id"),
)

claim_actor = Table(
    "claim_actor", metadata,
    Column("claim_id", Integer, ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entity.id"), primary_key=True),
    Column("ordinal", Integer, nullable=False),
    Index("ix_claim_actor_entity", "entity_id"),
)

claim_place = Table(
    "claim_place", metadata,
    Column("claim_id", Integer, ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", Integer, ForeignKey("place.id"), primary_key=True),
    Column("ordinal", Integer, nullable=False),
    Index("ix_claim_place_place", "place_id"),
)

source_grade = Table(
    "source_grade", metadata,
    Column("origin_key", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("grade", String(1), nullable=False),
    Column("note", Text),
    Column("set_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("grade IN ('A', 'B', 'C', 'D', 'E', 'F')", name="ck_source_grade_grade"),
)

entity_decision = Table(
    "entity_decision", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("entity_a", Text, nullable=False),
    Column("entity_b", Text, nullable=False),
    Column("note", Text),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("kind IN ('merge', 'split')", name="ck_entity_decision_kind"),
)

# --- Migration 3: reconciliation kept in the store -------------------------------------------------
# ``reconcile_state`` (one row) counts changes that reconciliation reads (every ingest that stores a
# report, every entity merge or split: ``generation``) and says which generation, by which code
# (``fingerprint``), the result tables below were computed at. The result tables hold exactly what
# the corpus API answers: rows in answer order (``id``/``ordinal``), claims by claim id.


def _result_claim(name: str = "claim_id") -> Column[int]:
    return Column(name, Integer, ForeignKey("claim.id", ondelete="CASCADE"), nullable=False)


reconcile_state = Table(
    "reconcile_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("generation", Integer, nullable=False),
    Column("reconciled_generation", Integer),
    Column("fingerprint", String(64)),
    Column("reconciled_at", DateTime(timezone=True)),
    Column("claims", Integer),
    Column("seconds", Float),
    CheckConstraint("id = 1", name="ck_reconcile_state_one_row"),
)

reconcile_echo = Table(
    "reconcile_echo", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("origin_key", Text, nullable=False),
    Column("origin_name", Text, nullable=False),
    Column("origin_kind", String(40), nullable=False),
    Column("origin_anonymous", Boolean, nullable=False),
    Column("origin_country", String(8)),
    Column("occasion_start", Date),
    Column("occasion_end", Date),
    Column("documents", Integer, nullable=False),
    Column("circular", Boolean, nullable=False),
)

reconcile_echo_claim = Table(
    "reconcile_echo_claim", metadata,
    Column("echo_id", Integer, ForeignKey("reconcile_echo.id", ondelete="CASCADE"), primary_key=True),
    Column("ordinal", Integer, primary_key=True, autoincrement=False),
    _result_claim(),
    Index("ix_reconcile_echo_claim_claim", "claim_id"),
)

reconcile_series = Table(
    "reconcile_series", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("measure", Text, nullable=False),
    Column("subject", Text),
    Column("consensus_low", Float),
    Column("consensus_high", Float),
    Column("consensus_as_of", Date),
    Column("consensus_origins", Integer),
    Index("ix_reconcile_series_measure", "measure"),
)

reconcile_point = Table(
    "reconcile_point", metadata,
    Column("series_id", Integer, ForeignKey("reconcile_series.id", ondelete="CASCADE"), primary_key=True),
    Column("ordinal", Integer, primary_key=True, autoincrement=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("approximate", Boolean, nullable=False),
    Column("as_of", Date),
    Column("origin_name", Text, nullable=False),
    Column("origin_kind", String(40), nullable=False),
    Column("origin_anonymous", Boolean, nullable=False),
    Column("origin_country", String(8)),
    Column("label", Text, nullable=False),
    Column("superseded_by", Integer),
)

reconcile_point_claim = Table(
    "reconcile_point_claim", metadata,
    Column("series_id", Integer, primary_key=True, autoincrement=False),
    Column("point", Integer, primary_key=True, autoincrement=False),
    Column("ordinal", Integer, primary_key=True, autoincrement=False),
    _result_claim(),
    ForeignKeyConstraint(["series_id", "point"], ["reconcile_point.series_id", "reconcile_point.ordinal"],
                         ondelete="CASCADE"),
    Index("ix_reconcile_point_claim_claim", "claim_id"),
)

reconcile_contradiction = Table(
    "reconcile_contradiction", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    _result_claim("a_claim_id"),
    _result_claim("b_claim_id"),
    Column("kind", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_reconcile_contradiction_a", "a_claim_id"),
    Index("ix_reconcile_contradiction_b", "b_claim_id"),
)

reconcile_claim = Table(
    "reconcile_claim", metadata,
    Column("claim_id", Integer, ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    Column("credibility", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("corroborated_by", Text, nullable=False),     # JSON list of origin keys
    Column("contradicted_by", Text, nullable=False),     # JSON list of origin keys
    Column("sources", Text),                             # JSON chain where reconciliation changed it
)

reconcile_source = Table(
    "reconcile_source", metadata,
    Column("ordinal", Integer, primary_key=True, autoincrement=False),
    Column("origin_key", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("claims", Integer, nullable=False),
    Column("corroborated", Integer, nullable=False),
    Column("contradicted", Integer, nullable=False),
)

reconcile_alias = Table(
    "reconcile_alias", metadata,
    Column("alias_key", Text, primary_key=True),
    Column("name", Text, nullable=False),
)

# --- Migration 4: same-proposition links kept with the other results --------------------------------
# One row per ``Reconciliation.propositions`` link (claims ``a`` and ``b`` state the same thing, found
# by ``method`` with ``score``); ``independent`` when their origins differ, the rule by which
# ``grading.corroborations`` counts a link as corroboration. The primary key and the index on
# ``b_claim_id`` make "the links of claim X", from either side, an indexed lookup.

reconcile_link = Table(
    "reconcile_link", metadata,
    _result_claim("a_claim_id"),
    _result_claim("b_claim_id"),
    Column("method", String(20), nullable=False),
    Column("score", Float, nullable=False),
    Column("independent", Boolean, nullable=False),
    PrimaryKeyConstraint("a_claim_id", "b_claim_id"),
    Index("ix_reconcile_link_b", "b_claim_id"),
)

RESULT_TABLES = (reconcile_echo_claim, reconcile_echo, reconcile_point_claim, reconcile_point, reconcile_series,
                 reconcile_contradiction, reconcile_claim, reconcile_source, reconcile_alias, reconcile_link)

"""The archive's schema: numbered migrations, like the project file's. `meta.schema_version`
is the number of the last one applied; an archive with a higher number than this code knows is
refused. Rules: never edit a migration that has shipped; add one. All of init runs in one
transaction (PostgreSQL DDL is transactional), so a failed init leaves nothing behind.

Roles (see the README): a desk role that may publish and a read-only role for search and
credits. Their names are kept in `meta`, so later migrations grant to the same roles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from caption_studio.core.archive.connection import SCHEMA, ArchiveError, ArchiveTooNewError

DESK_ROLE = "capstudio_desk"
READER_ROLE = "capstudio_reader"


@dataclass(frozen=True)
class Roles:
    desk: str = DESK_ROLE
    reader: str = READER_ROLE


# Values as the desks published them; each desk's value of a field is a claim, and the
# `field_values` view picks the winner: a `manual` value beats any automatic one, then the
# later edit wins. field_claims and search carry no foreign keys: they are the two big tables
# (five claims a photo), only the publish merge writes them, and checking a key per row would
# cost a third of a publish.
_M1_TABLES = """
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE projects (
    id bigserial PRIMARY KEY,
    desk text NOT NULL,
    name text NOT NULL,               -- the project file's name without .capstudio
    created_at text NOT NULL,         -- from the project file: with desk and name, its identity
    path text,                        -- where the desk's file was when last published
    first_published_at timestamptz NOT NULL DEFAULT now(),
    last_published_at timestamptz NOT NULL DEFAULT now(),
    published_by text NOT NULL DEFAULT current_user,
    UNIQUE (desk, name, created_at)
);

CREATE TABLE photos (
    id bigserial PRIMARY KEY,
    fingerprint text NOT NULL UNIQUE, -- the desk's content fingerprint: one row per photo
    file_name text NOT NULL,
    size bigint, width integer, height integer, format text, capture_time text, camera text,
    gps_lat double precision, gps_lon double precision,
    first_published_at timestamptz NOT NULL DEFAULT now()
);

-- Which desk and project published a photo, and its path as that desk saw it.
CREATE TABLE photo_sources (
    project_id bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
    local_id bigint NOT NULL,         -- the photo's id in that project
    photo_id bigint NOT NULL REFERENCES photos ON DELETE CASCADE,
    path text NOT NULL,
    file_name text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, local_id)
);
CREATE INDEX photo_sources_photo ON photo_sources (photo_id);

CREATE TABLE field_claims (
    photo_id bigint NOT NULL,
    field text NOT NULL,
    project_id bigint NOT NULL,
    value text,                       -- list fields as a JSON array, as in the project file
    provenance text NOT NULL,
    updated_at text NOT NULL,         -- when the desk set it (ISO, UTC)
    PRIMARY KEY (photo_id, field, project_id)
);

-- Every value a desk replaced or removed: with field_claims, nothing published is lost.
CREATE TABLE field_history (
    id bigserial PRIMARY KEY,
    photo_id bigint NOT NULL,
    field text NOT NULL,
    project_id bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
    old_value text, old_provenance text, old_updated_at text,
    new_value text, new_provenance text,
    at timestamptz NOT NULL DEFAULT now(),
    by text NOT NULL DEFAULT current_user
);
CREATE INDEX field_history_photo ON field_history (photo_id, field);

CREATE VIEW field_values AS
SELECT DISTINCT ON (photo_id, field) photo_id, field, value, provenance, updated_at, project_id
FROM field_claims
ORDER BY photo_id, field, (provenance = 'manual') DESC, updated_at DESC, project_id DESC;

CREATE TABLE articles (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
    local_id bigint NOT NULL,
    path text, headline text, date text, writers text, page text, edition text,
    text text NOT NULL, imported_at text,
    UNIQUE (project_id, local_id)
);

CREATE TABLE captions (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
    local_id bigint NOT NULL,
    article_id bigint NOT NULL REFERENCES articles ON DELETE CASCADE,
    position integer NOT NULL, text text NOT NULL, description text, date text,
    date_source text, location text, photographers text, credit text, origin text,
    dismissed boolean NOT NULL DEFAULT false,
    UNIQUE (project_id, local_id)
);

CREATE TABLE pairings (
    project_id bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
    local_photo_id bigint NOT NULL,
    photo_id bigint NOT NULL REFERENCES photos ON DELETE CASCADE,
    caption_id bigint NOT NULL REFERENCES captions ON DELETE CASCADE,
    state text NOT NULL, score double precision, margin double precision, reasons text,
    created_at text,
    PRIMARY KEY (project_id, local_photo_id)
);
CREATE INDEX pairings_photo ON pairings (photo_id);

-- The desk's credit rows as its `credits` command made them when it published (roster
-- names and staff/freelance/agency included): what the page printed, for the monthly list.
-- List columns hold JSON arrays.
CREATE TABLE credits (
    project_id bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
    local_photo_id bigint NOT NULL,
    local_caption_id bigint NOT NULL,
    photo_id bigint NOT NULL REFERENCES photos ON DELETE CASCADE,
    article_id bigint NOT NULL REFERENCES articles ON DELETE CASCADE,
    caption_id bigint NOT NULL REFERENCES captions ON DELETE CASCADE,
    headline text, article_date text, page text, edition text, caption_no integer,
    file_name text, path text, photographers text, latin_names text, role text,
    credit_line text, agency text, agency_en text, source text, employments text,
    date_taken text, status text, description text, pairing_state text,
    PRIMARY KEY (project_id, local_photo_id, local_caption_id)
);
CREATE INDEX credits_day ON credits ((substr(coalesce(article_date, date_taken), 1, 10)));

-- Search (the desk's query language): one row per photo with its file names and the winning
-- value of every searchable field, ASCII-lowered like the desk's search_text.
CREATE TABLE search (
    photo_id bigint PRIMARY KEY,
    text text NOT NULL,
    status text NOT NULL,             -- new | needs_review | approved
    creators text,                    -- the creator value (a JSON array)
    day text,                         -- date taken (or capture time), for the date filter
    paired boolean NOT NULL
);

-- Terms of three or more characters: pg_trgm's trigram index answers LIKE '%term%'.
CREATE INDEX search_trigrams ON search USING gin (text gin_trgm_ops);

-- Terms of one or two characters (夏元, 张亦), which trigrams cannot find: every character
-- and every pair of adjacent characters of the text, in a GIN index over that array.
CREATE FUNCTION short_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    chars text[] := string_to_array(t, NULL);
    grams text[] := chars;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(chars), 0) - 1 LOOP
        grams := grams || (chars[i] || chars[i + 1]);
    END LOOP;
    RETURN grams;
END $$;
CREATE INDEX search_short_grams ON search USING gin (short_grams(text));
CREATE INDEX search_status ON search (status);
"""


def _grants(roles: Roles) -> list[sql.Composable]:
    """What each role may do with the tables of migration 1 (later migrations grant theirs)."""
    desk, reader = sql.Identifier(roles.desk), sql.Identifier(roles.reader)
    schema = sql.Identifier(SCHEMA)
    return [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}, {}").format(schema, desk, reader),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}, {}").format(schema, desk, reader),
        sql.SQL("GRANT EXECUTE ON FUNCTION {}.short_grams(text) TO {}, {}").format(
            schema, desk, reader),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
            schema, desk),
        sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, desk),
        # meta holds the schema version: only the archive's owner (init) changes it.
        sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {}.meta FROM {}").format(schema, desk),
    ]


def _migration_1(cur: psycopg.Cursor, roles: Roles) -> None:
    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cur.execute(_M1_TABLES)
    for statement in _grants(roles):
        cur.execute(statement)
    cur.execute("INSERT INTO meta (key, value) VALUES ('desk_role', %s), ('reader_role', %s)",
                (roles.desk, roles.reader))


# Migration 2, publish and search speed: the characters and pairs of each search row are a
# stored column (`grams`, kept by PostgreSQL as a generated column) instead of an index
# expression. Its GIN index compares keys bytewise (COLLATE "C"; under C.UTF-8 every key
# comparison went through strcoll), and a search whose plan filters rows instead of using the
# index (a common term, newest first) reads the stored array instead of computing
# short_grams for every row (250 ms for one character on 15,000 photos). Both GIN indexes
# gather a publish's new entries in a 32 MB pending list that the publish merges in one
# sorted pass at its end (flush_search_indexes) instead of every 4 MB.
_M2_SEARCH_INDEXES = """
DROP INDEX search_short_grams;
ALTER TABLE search ADD COLUMN grams text[] COLLATE "C"
    GENERATED ALWAYS AS (short_grams(text)) STORED;
CREATE INDEX search_grams ON search USING gin (grams) WITH (gin_pending_list_limit = 32768);
ALTER INDEX search_trigrams SET (gin_pending_list_limit = 32768);

-- gin_clean_pending_list is for the index's owner: desks call it through this function.
CREATE FUNCTION flush_search_indexes() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT gin_clean_pending_list('{schema}.search_trigrams'::regclass)
         + gin_clean_pending_list('{schema}.search_grams'::regclass)
$$;
REVOKE ALL ON FUNCTION flush_search_indexes() FROM PUBLIC;
"""


def _migration_2(cur: psycopg.Cursor, roles: Roles) -> None:
    cur.execute(_M2_SEARCH_INDEXES.replace("{schema}", SCHEMA))
    cur.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {}.flush_search_indexes() TO {}").format(
        sql.Identifier(SCHEMA), sql.Identifier(roles.desk)))


# Migration 3, publish speed: the four tables a publish fills with a row a photo lose their
# foreign keys, as field_claims and search never had them. Only the publish merge writes them,
# and it joins every row to its parent (photos, articles, captions, this project) in the same
# statement; checking each key again, row by row, made their four merges take 11.0 s instead
# of 6.5 s in a 100,000-photo publish. Nothing deletes projects, so ON DELETE CASCADE was
# never used.
_M3_TABLES = ("photo_sources", "captions", "pairings", "credits")


def _migration_3(cur: psycopg.Cursor, roles: Roles) -> None:
    cur.execute("SELECT c.relname, k.conname FROM pg_constraint k JOIN pg_class c "
                "ON c.oid = k.conrelid WHERE k.contype = 'f' AND k.conrelid = ANY(%s::regclass[])",
                (list(_M3_TABLES),))
    for table, name in cur.fetchall():
        cur.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
            sql.Identifier(table), sql.Identifier(name)))


# Migration 4, publish speed: the characters and pairs go back from a stored column into the
# index expression. Storing `grams` wrote an array of about 200 keys a row to the heap (and
# TOAST) only for the index to read it back: 4.3-9.6 s of a 100,000-photo publish (measured on
# two machines). The index keeps its name (flush_search_indexes cleans it) and its bytewise
# keys (COLLATE "C"). Searches never compute the pairs of a row's text (core.archive.search): they match the index
# expression, test the text itself with strpos where they walk or filter rows, and keep
# PostgreSQL from reading the whole table for a term in nearly every row.
_M4_SEARCH_GRAMS = """
DROP INDEX search_grams;
ALTER TABLE search DROP COLUMN grams;
CREATE INDEX search_grams ON search USING gin ((short_grams(text) COLLATE "C"))
    WITH (gin_pending_list_limit = 32768);
"""


def _migration_4(cur: psycopg.Cursor, roles: Roles) -> None:
    cur.execute(_M4_SEARCH_GRAMS)


MIGRATIONS: dict[int, Callable[[psycopg.Cursor, Roles], None]] = {
    1: _migration_1,
    2: _migration_2,
    3: _migration_3,
    4: _migration_4,
}


def latest_version() -> int:
    return max(MIGRATIONS)


def schema_version(conn: psycopg.Connection) -> int | None:
    """The archive's version, or None when the database holds no archive."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.meta",))
        if cur.fetchone()[0] is None:
            return None
        cur.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        row = cur.fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        raise ArchiveError("the archive's schema version is damaged") from None


def check(conn: psycopg.Connection) -> int:
    """Refuse a database without an archive, or with one newer or older than this code."""
    version = schema_version(conn)
    if version is None:
        raise ArchiveError("this database holds no Caption Studio archive: "
                           "run `caption-studio archive init ADDRESS` first")
    if version > latest_version():
        raise ArchiveTooNewError(
            f"the archive has schema version {version}, newer than this Caption Studio "
            f"understands ({latest_version()}): upgrade Caption Studio")
    if version < latest_version():
        raise ArchiveError(f"the archive has schema version {version}; run `caption-studio "
                           f"archive init` once to upgrade it to {latest_version()}")
    return version


def init(conn: psycopg.Connection, roles: Roles = Roles()) -> tuple[int, int]:
    """Create the archive (or bring an older one up to date) in one transaction.
    Returns (version before, version after); before is 0 for a new archive."""
    try:
        with conn.transaction(), conn.cursor() as cur:
            before = schema_version(conn) or 0
            if before > latest_version():
                raise ArchiveTooNewError(
                    f"the archive has schema version {before}, newer than this Caption Studio "
                    f"understands ({latest_version()}): upgrade Caption Studio")
            if before:
                cur.execute("SELECT key, value FROM meta WHERE key IN ('desk_role', 'reader_role')")
                stored = dict(cur.fetchall())
                roles = Roles(stored.get("desk_role", roles.desk),
                              stored.get("reader_role", roles.reader))
            else:
                cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                    sql.Identifier(SCHEMA)))
                _ensure_roles(cur, roles)
            for number in range(before + 1, latest_version() + 1):
                MIGRATIONS[number](cur, roles)
            cur.execute("INSERT INTO meta (key, value) VALUES ('schema_version', %s) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (str(latest_version()),))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ArchiveError(f"cannot create the archive: {str(exc).splitlines()[0]} (run init "
                           "as the database's owner)") from None
    except psycopg.errors.FeatureNotSupported as exc:  # pg_trgm not installed on the server
        raise ArchiveError(f"cannot create the archive: {str(exc).splitlines()[0]}") from None
    except psycopg.errors.UndefinedFile as exc:
        raise ArchiveError(f"cannot create the archive: {str(exc).splitlines()[0]} (install "
                           "PostgreSQL's contrib modules for pg_trgm)") from None
    return before, latest_version()


def _ensure_roles(cur: psycopg.Cursor, roles: Roles) -> None:
    """Create the two group roles (NOLOGIN) when missing; people log in as their own roles,
    made members of one of these (README: Access)."""
    for name, member_of in ((roles.reader, None), (roles.desk, roles.reader)):
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        if cur.fetchone():
            continue
        try:
            with cur.connection.transaction():
                cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
                if member_of:
                    cur.execute(sql.SQL("GRANT {} TO {}").format(
                        sql.Identifier(member_of), sql.Identifier(name)))
        except psycopg.errors.InsufficientPrivilege:
            raise ArchiveError(
                f"role {name} does not exist and this user may not create roles: ask the "
                f"server's administrator to run CREATE ROLE {name} NOLOGIN, then init again"
            ) from None


def trigram_sees_cjk(conn: psycopg.Connection) -> bool:
    """pg_trgm keeps only the characters the database's LC_CTYPE calls letters or digits; under
    the C locale that leaves Chinese out and 3+ character terms fall back to a scan."""
    with conn.cursor() as cur:
        cur.execute("SELECT cardinality(show_trgm('渝北区')) > 0")
        return bool(cur.fetchone()[0])

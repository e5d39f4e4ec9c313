"""Numbered schema migrations. The project file's `PRAGMA user_version` is the number of the
last migration applied; the app refuses files with a higher number than it knows.

Rules: never edit a migration that has shipped; add a new one. Each runs in one transaction.
A migration is either an SQL script (str) or a function that uses only `conn.execute`
(`executescript` would commit the migration's transaction half way).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# The tables and views a project file may contain: anything else (and any trigger we did not
# create) marks a file as foreign or tampered with, and it is refused on open.
Migration = str | Callable[[sqlite3.Connection], None]

_M1_INITIAL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    path TEXT,                 -- relative to the project file when possible
    headline TEXT,
    date TEXT,                 -- publication / dateline date, ISO
    writers TEXT,              -- JSON [{"name", "role"}]
    page TEXT,
    edition TEXT,
    text TEXT NOT NULL,        -- the decoded article; caption spans index into it
    imported_at TEXT NOT NULL
);

CREATE TABLE captions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, -- 1-based, document order
    text TEXT NOT NULL,
    description TEXT,
    date TEXT,
    date_source TEXT,
    location TEXT,
    photographers TEXT,        -- JSON [{"name", "role"}]
    credit TEXT,
    span_start INTEGER,
    span_end INTEGER,
    extra TEXT,                -- JSON: field spans and anything else the parser found
    origin TEXT NOT NULL DEFAULT 'parsed',  -- parsed | manual
    dismissed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX captions_article ON captions(article_id, position);

CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE, -- relative to the project file when possible
    file_name TEXT NOT NULL,
    size INTEGER,
    mtime REAL,
    width INTEGER,
    height INTEGER,
    format TEXT,
    orientation INTEGER,
    capture_time TEXT,         -- ISO, from EXIF DateTimeOriginal when present
    camera TEXT,
    gps_lat REAL,
    gps_lon REAL,
    fingerprint TEXT,          -- content hash for relinking and duplicates
    warnings TEXT,             -- JSON list of strings
    imported_at TEXT NOT NULL,
    missing INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX photos_fingerprint ON photos(fingerprint);
CREATE INDEX photos_capture_time ON photos(capture_time);

CREATE TABLE field_values (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT,                -- list fields as a JSON array
    provenance TEXT NOT NULL CHECK (provenance IN ('embedded','caption','template','manual')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (photo_id, field)
        ) WITHOUT ROWID;
CREATE INDEX field_values_field ON field_values(field, value);

-- A value that lost to another (an embedded By-line the caption disagrees with, ...).
-- Kept so a person can review both and so unpairing can restore it.
CREATE TABLE field_alternatives (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT,
    provenance TEXT NOT NULL,
    conflict INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (photo_id, field, provenance)
        ) WITHOUT ROWID;

CREATE TABLE pairings (
    photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    caption_id INTEGER NOT NULL UNIQUE REFERENCES captions(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('confirmed','sure','ambiguous')),
    score REAL,
    margin REAL,
    reasons TEXT,              -- JSON list of strings
    created_at TEXT NOT NULL
);

-- The roster: photographers, writers, agencies and papers.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person','organisation')),
    role TEXT,
    agency TEXT,
    latin_name TEXT,
    status TEXT CHECK (status IN ('staff','freelance','agency') OR status IS NULL),
    aliases TEXT,              -- JSON list of variant spellings merged into this entry
    UNIQUE (name, kind)
);

-- The controlled keyword vocabulary (hierarchical, `|` separated paths).
CREATE TABLE keywords (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE, -- e.g. 地点|中国|重庆|渝北区
    name TEXT NOT NULL,        -- the leaf
    parent_id INTEGER REFERENCES keywords(id) ON DELETE CASCADE,
    synonyms TEXT              -- JSON list
);

CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    field_values TEXT NOT NULL -- JSON {field: value}
);

CREATE TABLE code_replacements (
    code TEXT PRIMARY KEY,
    text TEXT NOT NULL
);

-- The audit trail, and what undo is built on: one row per changed field value.
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    operation_id TEXT NOT NULL,
    at TEXT NOT NULL,
    user TEXT,
    action TEXT NOT NULL,
    photo_id INTEGER,
    field TEXT,
    old_value TEXT,
    old_provenance TEXT,
    new_value TEXT,
    new_provenance TEXT
);
CREATE INDEX history_photo ON history(photo_id, id);
CREATE INDEX history_operation ON history(operation_id);
"""



# Search index (desk window). Triggers keep `search_text` (file name + every searchable field,
# ASCII-lowered) in step with photos/field_values whoever writes them, importer included. They
# use only built-in innocuous functions, so they run under `PRAGMA trusted_schema = OFF`; a
# trigger may not touch an FTS5 table there, so the trigram index is brought up to date from
# `search_dirty` by core.search (which also searches dirty rows directly, so it is never stale).
# Trigger bodies avoid OR IGNORE/REPLACE: an outer statement's conflict policy (an upsert)
# would override them. The non-searchable fields (fields.searchable=False) are spelled out: a migration never changes.
_SEARCH_TEXT = """lower(coalesce((SELECT file_name FROM photos WHERE id = {pid}), '') || coalesce(
    char(10) || (SELECT group_concat(replace(replace(replace(value, '["', ''), '"]', ''),
        '", "', char(10)), char(10)) FROM field_values
        WHERE photo_id = {pid} AND field NOT IN ('status', 'rating')), ''))"""

_M2_SEARCH = f"""
CREATE TABLE search_text (
    photo_id INTEGER PRIMARY KEY,
    text TEXT NOT NULL DEFAULT '',
    sort_name TEXT             -- natural-sort key of file_name, filled by core.search
);
CREATE INDEX search_text_sort_name ON search_text(sort_name);
CREATE TABLE search_dirty (
    photo_id INTEGER PRIMARY KEY,
    old_text TEXT              -- what the FTS index holds for it; NULL = not indexed yet
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    text, content='search_text', content_rowid='photo_id', tokenize='trigram');

CREATE TRIGGER search_photos_ai AFTER INSERT ON photos BEGIN
    DELETE FROM search_text WHERE photo_id = new.id;
    INSERT INTO search_text (photo_id, text) VALUES (new.id, lower(new.file_name));
END;
CREATE TRIGGER search_photos_au AFTER UPDATE OF file_name ON photos BEGIN
    UPDATE search_text SET sort_name = NULL, text = {_SEARCH_TEXT.format(pid="new.id")}
    WHERE photo_id = new.id;
END;
CREATE TRIGGER search_photos_ad AFTER DELETE ON photos BEGIN
    DELETE FROM search_text WHERE photo_id = old.id;
END;
CREATE TRIGGER search_values_ai AFTER INSERT ON field_values
WHEN new.field NOT IN ('status', 'rating') BEGIN
    UPDATE search_text SET text = {_SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_au AFTER UPDATE ON field_values
WHEN new.field NOT IN ('status', 'rating') OR old.field NOT IN ('status', 'rating') BEGIN
    UPDATE search_text SET text = {_SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_ad AFTER DELETE ON field_values
WHEN old.field NOT IN ('status', 'rating') BEGIN
    UPDATE search_text SET text = {_SEARCH_TEXT.format(pid="old.photo_id")}
    WHERE photo_id = old.photo_id;
END;
CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN
    INSERT INTO search_dirty (photo_id, old_text) SELECT new.photo_id, NULL
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
END;
CREATE TRIGGER search_text_au AFTER UPDATE OF text ON search_text BEGIN
    INSERT INTO search_dirty (photo_id, old_text) SELECT old.photo_id, old.text
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;
CREATE TRIGGER search_text_ad AFTER DELETE ON search_text BEGIN
    INSERT INTO search_dirty (photo_id, old_text) SELECT old.photo_id, old.text
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;

INSERT INTO search_text (photo_id, text) SELECT id, {_SEARCH_TEXT.format(pid="photos.id")} FROM photos;
INSERT INTO search_fts (rowid, text) SELECT photo_id, text || char(10, 10) FROM search_text;
DELETE FROM search_dirty;
"""

_SEARCH_TRIGGERS = frozenset({
    "search_photos_ai", "search_photos_au", "search_photos_ad",
    "search_values_ai", "search_values_au", "search_values_ad",
    "search_text_ai", "search_text_au", "search_text_ad",
})


# Keywords (roster/keywords): `[category]` entries of a Lightroom keyword list are kept for
# the tree but never written to a photo's flat keywords.
_M4_KEYWORDS = """
ALTER TABLE keywords ADD COLUMN exportable INTEGER NOT NULL DEFAULT 1;
CREATE INDEX keywords_parent ON keywords(parent_id);
CREATE INDEX keywords_name ON keywords(name);
"""


# Credit lists (export): one row per published photo, i.e. paired with a caption that is not
# dismissed. Field values (what the desk corrected) win over what the caption printed. Only
# json_each/json_tree are used for JSON: the JSON scalar functions of SQLite 3.40 are not
# innocuous, and the view must run under `PRAGMA trusted_schema = OFF`. core.credits_export
# reads this view and adds Latin names and a per-photographer staff/freelance/agency.
# The agency names were a copy of the Python agency table as of this migration (migration 10
# replaced them with the credit_terms table).
_M3_CREDITS = """
CREATE VIEW credits AS
WITH base AS (
    SELECT
        p.id AS photo_id, a.id AS article_id, c.id AS caption_id,
        a.headline AS headline, a.date AS article_date, a.page AS page, a.edition AS edition,
        c.position AS caption_no, p.file_name AS file_name, p.path AS path,
        coalesce(
            (SELECT group_concat(j.value, '; ') FROM field_values f, json_each(f.value) j
             WHERE f.photo_id = p.id AND f.field = 'creator'),
            (SELECT group_concat(t.value, '; ') FROM json_tree(c.photographers) t
             WHERE t.key = 'name' AND t.type = 'text')) AS photographers,
        coalesce(
            (SELECT j.value FROM field_values f, json_each(f.value) j
             WHERE f.photo_id = p.id AND f.field = 'creator' AND j.key = 0),
            (SELECT t.value FROM json_tree(c.photographers) t
             WHERE t.path = '$[0]' AND t.key = 'name')) AS first_photographer,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'creator_jobtitle'),
            (SELECT t.value FROM json_tree(c.photographers) t
             WHERE t.path = '$[0]' AND t.key = 'role')) AS role,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'credit_line'),
            c.credit) AS credit_line,
        (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'source') AS source,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'date_created'),
            p.capture_time) AS date_taken,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'status'),
            'new') AS status,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'description'),
            c.description) AS description,
        c.credit AS caption_credit,
        pr.state AS pairing_state
    FROM pairings pr
    JOIN photos p ON p.id = pr.photo_id
    JOIN captions c ON c.id = pr.caption_id AND c.dismissed = 0
    JOIN articles a ON a.id = c.article_id
),
-- The organisation credited: the Source field (what pairing fills from the caption's credit,
-- or what the file carried), else the caption's credit. credit_line is the credit as printed.
credited AS (SELECT *, coalesce(source, caption_credit) AS agency FROM base),
agencies (name) AS (VALUES
    ('视觉重庆'), ('visual chongqing'), ('新华社'), ('xinhua'), ('新华网'), ('xinhua news agency'),
    ('视觉中国'), ('vcg'), ('visual china group'), ('中新社'), ('china news service'), ('cns'),
    ('中新网'), ('chinanews.com'), ('人民视觉'), ('people visual'), ('东方ic'), ('imaginechina'),
    ('ic photo'), ('icphoto'), ('cfp'), ('图虫创意'), ('tuchong creative'), ('人民日报'),
    ('people''s daily'), ('中国日报'), ('china daily'), ('光明日报'), ('guangming daily'),
    ('经济日报'), ('economic daily'), ('央视'), ('cctv'), ('中央电视台'), ('上游新闻'), ('shangyou news'),
    ('华龙网'), ('hualong.com'), ('美联社'), ('ap'), ('ap photo'), ('associated press'), ('路透社'),
    ('reuters'), ('法新社'), ('afp'), ('agence france-presse'), ('欧新社'), ('epa'), ('epa-efe'),
    ('盖蒂图片社'), ('getty images'), ('getty')
)
SELECT
    photo_id, article_id, caption_id, headline, article_date, page, edition, caption_no,
    file_name, path, photographers, role, credit_line, agency, source,
    coalesce(
        (SELECT status FROM people
         WHERE kind = 'person' AND status IS NOT NULL AND (name = first_photographer
               OR first_photographer IN (SELECT value FROM json_each(coalesce(aliases, '[]'))))),
        CASE
            WHEN role LIKE '本报%' OR role LIKE '本刊%' THEN 'staff'
            WHEN role LIKE '特约%' OR role LIKE '%通讯员%' THEN 'freelance'
            WHEN lower(trim(replace(agency, '供图', ''))) IN (SELECT name FROM agencies)
                OR lower(trim(credit_line)) IN (SELECT name FROM agencies) THEN 'agency'
            WHEN agency IS NULL AND role IN ('记者', '摄影记者', '首席记者', '见习记者',
                '实习记者', '融媒体记者', '全媒体记者', '视觉记者') THEN 'staff'
        END) AS employment,
    date_taken, status, description, pairing_state
FROM credited;
"""


# Import (issue 4): the caption text of a `name.txt` sidecar (a pairing signal), a signature
# of the sidecars seen (so a changed sidecar counts as a changed photo on re-import), and the
# raw bytes of a relative path that is not valid UTF-8 (`path` then holds a readable,
# backslash-escaped form; `core.media.paths.photo_file` gives the real file).
_M5_IMPORT = """
ALTER TABLE photos ADD COLUMN sidecar_caption TEXT;
ALTER TABLE photos ADD COLUMN sidecar_sig TEXT;
ALTER TABLE photos ADD COLUMN path_bytes BLOB;
CREATE INDEX photos_size ON photos(size);
"""

# Write-back: what was last embedded into each photo's file, per target, so
# `embed --only-changed` writes only photos whose values changed since.
_M6_EMBEDS = """
CREATE TABLE embeds (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    target TEXT NOT NULL,      -- 'in-place' or 'out:<absolute output folder>'
    values_hash TEXT NOT NULL, -- sha256 of the field values written
    written_at TEXT NOT NULL,
    PRIMARY KEY (photo_id, target)
) WITHOUT ROWID;
"""


# Import speed (issue 4): the field_values triggers rebuilt a photo's whole search_text row
# for every value written, O(fields^2) per imported photo. While the `meta` row
# `search_deferred` exists (only ever inside one transaction: core.search.deferred), they do
# nothing and the writer rebuilds the rows it touched in one statement at the end
# (core.search.refresh_text). A table lookup is allowed under trusted_schema=OFF.
_DEFERRED = "NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred')"
_M7_SEARCH_DEFERRED = f"""
DROP TRIGGER search_values_ai;
DROP TRIGGER search_values_au;
DROP TRIGGER search_values_ad;
CREATE TRIGGER search_values_ai AFTER INSERT ON field_values
WHEN new.field NOT IN ('status', 'rating') AND {_DEFERRED} BEGIN
    UPDATE search_text SET text = {_SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_au AFTER UPDATE ON field_values
WHEN (new.field NOT IN ('status', 'rating') OR old.field NOT IN ('status', 'rating'))
    AND {_DEFERRED} BEGIN
    UPDATE search_text SET text = {_SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_ad AFTER DELETE ON field_values
WHEN old.field NOT IN ('status', 'rating') AND {_DEFERRED} BEGIN
    UPDATE search_text SET text = {_SEARCH_TEXT.format(pid="old.photo_id")}
    WHERE photo_id = old.photo_id;
END;
"""


# Import speed (issue 4): a new photo's search row was written three times (this trigger's
# delete and insert, then the writer's rebuild once its values were in), about 15 us a photo
# of the importer's 85 us of writing. While `search_deferred` exists the trigger does nothing
# and `core.search.refresh_text` creates the row, once.
_M8_PHOTO_SEARCH_DEFERRED = f"""
DROP TRIGGER search_photos_ai;
CREATE TRIGGER search_photos_ai AFTER INSERT ON photos WHEN {_DEFERRED} BEGIN
    DELETE FROM search_text WHERE photo_id = new.id;
    INSERT INTO search_text (photo_id, text) VALUES (new.id, lower(new.file_name));
END;
"""


# Migration 2 filled the search rows of a project's existing photos with `photos.id` inside
# a subquery on photos itself, so every row got the first photo's file name (found while
# writing migration 8). Rows that differ from what the triggers make are made again; the
# search_text trigger marks them for the FTS index.
_ROW_TEXT = _SEARCH_TEXT.format(pid="search_text.photo_id")
_M9_SEARCH_NAMES = f"""
UPDATE search_text SET text = {_ROW_TEXT} WHERE text IS NOT {_ROW_TEXT};
"""


# Credit terms (issue 17): the credits view's agency names and role words were a copy of the
# Python tables typed into migration 3. Now the file holds them as rows (`credit_terms`,
# written from core.credit_terms whenever the project is opened for writing), and the view
# joins them, so a new agency reaches old files without a new view. Staff/freelance/agency
# is judged in infer_employment's order; English staff roles now count too.
_M10_CREDIT_TERMS = """
CREATE TABLE credit_terms (
    term TEXT NOT NULL,
    means TEXT NOT NULL,
    PRIMARY KEY (term, means)
) WITHOUT ROWID;
DROP VIEW credits;
CREATE VIEW credits AS
WITH base AS (
    SELECT
        p.id AS photo_id, a.id AS article_id, c.id AS caption_id,
        a.headline AS headline, a.date AS article_date, a.page AS page, a.edition AS edition,
        c.position AS caption_no, p.file_name AS file_name, p.path AS path,
        coalesce(
            (SELECT group_concat(j.value, '; ') FROM field_values f, json_each(f.value) j
             WHERE f.photo_id = p.id AND f.field = 'creator'),
            (SELECT group_concat(t.value, '; ') FROM json_tree(c.photographers) t
             WHERE t.key = 'name' AND t.type = 'text')) AS photographers,
        coalesce(
            (SELECT j.value FROM field_values f, json_each(f.value) j
             WHERE f.photo_id = p.id AND f.field = 'creator' AND j.key = 0),
            (SELECT t.value FROM json_tree(c.photographers) t
             WHERE t.path = '$[0]' AND t.key = 'name')) AS first_photographer,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'creator_jobtitle'),
            (SELECT t.value FROM json_tree(c.photographers) t
             WHERE t.path = '$[0]' AND t.key = 'role')) AS role,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'credit_line'),
            c.credit) AS credit_line,
        (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'source') AS source,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'date_created'),
            p.capture_time) AS date_taken,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'status'),
            'new') AS status,
        coalesce(
            (SELECT value FROM field_values WHERE photo_id = p.id AND field = 'description'),
            c.description) AS description,
        c.credit AS caption_credit,
        pr.state AS pairing_state
    FROM pairings pr
    JOIN photos p ON p.id = pr.photo_id
    JOIN captions c ON c.id = pr.caption_id AND c.dismissed = 0
    JOIN articles a ON a.id = c.article_id
),
-- The organisation credited: the Source field (what pairing fills from the caption's credit,
-- or what the file carried), else the caption's credit. credit_line is the credit as printed.
credited AS (SELECT *, coalesce(source, caption_credit) AS agency FROM base)
SELECT
    photo_id, article_id, caption_id, headline, article_date, page, edition, caption_no,
    file_name, path, photographers, role, credit_line, agency, source,
    coalesce(
        (SELECT status FROM people
         WHERE kind = 'person' AND status IS NOT NULL AND (name = first_photographer
               OR first_photographer IN (SELECT value FROM json_each(coalesce(aliases, '[]'))))),
        CASE
            WHEN EXISTS (SELECT 1 FROM credit_terms WHERE means = 'staff_prefix'
                         AND substr(role, 1, length(term)) = term) THEN 'staff'
            WHEN EXISTS (SELECT 1 FROM credit_terms WHERE (means = 'freelance_prefix'
                         AND substr(role, 1, length(term)) = term)
                         OR (means = 'freelance_word' AND instr(role, term) > 0))
                THEN 'freelance'
            WHEN lower(trim(replace(agency, '供图', ''))) IN
                    (SELECT term FROM credit_terms WHERE means = 'agency')
                OR lower(trim(credit_line)) IN
                    (SELECT term FROM credit_terms WHERE means = 'agency') THEN 'agency'
            WHEN agency IS NULL AND role IN
                    (SELECT term FROM credit_terms WHERE means = 'staff_role') THEN 'staff'
        END) AS employment,
    date_taken, status, description, pairing_state
FROM credited;
"""


MIGRATIONS: dict[int, Migration] = {
    1: _M1_INITIAL,
    2: _M2_SEARCH,
    3: _M3_CREDITS,
    4: _M4_KEYWORDS,
    5: _M5_IMPORT,
    6: _M6_EMBEDS,
    7: _M7_SEARCH_DEFERRED,
    8: _M8_PHOTO_SEARCH_DEFERRED,
    9: _M9_SEARCH_NAMES,
    10: _M10_CREDIT_TERMS,
}

# Views and triggers we create ourselves; anything else in a file is refused on open.
KNOWN_VIEWS: frozenset[str] = frozenset({"credits"})
KNOWN_TRIGGERS: frozenset[str] = frozenset() | _SEARCH_TRIGGERS


def latest_version() -> int:
    return max(MIGRATIONS)

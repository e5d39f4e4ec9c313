"""Migrations 1, 4, 5, 6: the tables (the first schema; keywords' exportable flag; what import
records of sidecars and raw paths; what write-back last embedded). Shipped SQL: never edit,
add a new migration (`core.project.migrations`)."""

from __future__ import annotations

M1_INITIAL = """
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


# Keywords (roster/keywords): `[category]` entries of a Lightroom keyword list are kept for
# the tree but never written to a photo's flat keywords.
M4_KEYWORDS = """
ALTER TABLE keywords ADD COLUMN exportable INTEGER NOT NULL DEFAULT 1;
CREATE INDEX keywords_parent ON keywords(parent_id);
CREATE INDEX keywords_name ON keywords(name);
"""


# Import (issue 4): the caption text of a `name.txt` sidecar (a pairing signal), a signature
# of the sidecars seen (so a changed sidecar counts as a changed photo on re-import), and the
# raw bytes of a relative path that is not valid UTF-8 (`path` then holds a readable,
# backslash-escaped form; `core.media.paths.photo_file` gives the real file).
M5_IMPORT = """
ALTER TABLE photos ADD COLUMN sidecar_caption TEXT;
ALTER TABLE photos ADD COLUMN sidecar_sig TEXT;
ALTER TABLE photos ADD COLUMN path_bytes BLOB;
CREATE INDEX photos_size ON photos(size);
"""

# Write-back: what was last embedded into each photo's file, per target, so
# `embed --only-changed` writes only photos whose values changed since.
M6_EMBEDS = """
CREATE TABLE embeds (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    target TEXT NOT NULL,      -- 'in-place' or 'out:<absolute output folder>'
    values_hash TEXT NOT NULL, -- sha256 of the field values written
    written_at TEXT NOT NULL,
    PRIMARY KEY (photo_id, target)
) WITHOUT ROWID;
"""

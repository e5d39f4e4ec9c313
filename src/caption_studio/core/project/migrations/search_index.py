"""Migrations 2, 7, 8, 9: the search index (`search_text`, its FTS5 table and the triggers
that keep it in step) and the import-speed changes to those triggers. Shipped SQL: never
edit, add a new migration (`core.project.migrations`). `SEARCH_TEXT` is also what
`core.project.search` rebuilds a row with, so the two never disagree."""

from __future__ import annotations

# Search index (desk window). Triggers keep `search_text` (file name + every searchable field,
# ASCII-lowered) in step with photos/field_values whoever writes them, importer included. They
# use only built-in innocuous functions, so they run under `PRAGMA trusted_schema = OFF`; a
# trigger may not touch an FTS5 table there, so the trigram index is brought up to date from
# `search_dirty` by core.search (which also searches dirty rows directly, so it is never stale).
# Trigger bodies avoid OR IGNORE/REPLACE: an outer statement's conflict policy (an upsert)
# would override them. The non-searchable fields (fields.searchable=False) are spelled out: a migration never changes.
SEARCH_TEXT = """lower(coalesce((SELECT file_name FROM photos WHERE id = {pid}), '') || coalesce(
    char(10) || (SELECT group_concat(replace(replace(replace(value, '["', ''), '"]', ''),
        '", "', char(10)), char(10)) FROM field_values
        WHERE photo_id = {pid} AND field NOT IN ('status', 'rating')), ''))"""

M2_SEARCH = f"""
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
    UPDATE search_text SET sort_name = NULL, text = {SEARCH_TEXT.format(pid="new.id")}
    WHERE photo_id = new.id;
END;
CREATE TRIGGER search_photos_ad AFTER DELETE ON photos BEGIN
    DELETE FROM search_text WHERE photo_id = old.id;
END;
CREATE TRIGGER search_values_ai AFTER INSERT ON field_values
WHEN new.field NOT IN ('status', 'rating') BEGIN
    UPDATE search_text SET text = {SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_au AFTER UPDATE ON field_values
WHEN new.field NOT IN ('status', 'rating') OR old.field NOT IN ('status', 'rating') BEGIN
    UPDATE search_text SET text = {SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_ad AFTER DELETE ON field_values
WHEN old.field NOT IN ('status', 'rating') BEGIN
    UPDATE search_text SET text = {SEARCH_TEXT.format(pid="old.photo_id")}
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

INSERT INTO search_text (photo_id, text) SELECT id, {SEARCH_TEXT.format(pid="photos.id")} FROM photos;
INSERT INTO search_fts (rowid, text) SELECT photo_id, text || char(10, 10) FROM search_text;
DELETE FROM search_dirty;
"""

SEARCH_TRIGGERS = frozenset({
    "search_photos_ai", "search_photos_au", "search_photos_ad",
    "search_values_ai", "search_values_au", "search_values_ad",
    "search_text_ai", "search_text_au", "search_text_ad",
})



# Import speed (issue 4): the field_values triggers rebuilt a photo's whole search_text row
# for every value written, O(fields^2) per imported photo. While the `meta` row
# `search_deferred` exists (only ever inside one transaction: core.search.deferred), they do
# nothing and the writer rebuilds the rows it touched in one statement at the end
# (core.search.refresh_text). A table lookup is allowed under trusted_schema=OFF.
DEFERRED = "NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred')"
M7_SEARCH_DEFERRED = f"""
DROP TRIGGER search_values_ai;
DROP TRIGGER search_values_au;
DROP TRIGGER search_values_ad;
CREATE TRIGGER search_values_ai AFTER INSERT ON field_values
WHEN new.field NOT IN ('status', 'rating') AND {DEFERRED} BEGIN
    UPDATE search_text SET text = {SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_au AFTER UPDATE ON field_values
WHEN (new.field NOT IN ('status', 'rating') OR old.field NOT IN ('status', 'rating'))
    AND {DEFERRED} BEGIN
    UPDATE search_text SET text = {SEARCH_TEXT.format(pid="new.photo_id")}
    WHERE photo_id = new.photo_id;
END;
CREATE TRIGGER search_values_ad AFTER DELETE ON field_values
WHEN old.field NOT IN ('status', 'rating') AND {DEFERRED} BEGIN
    UPDATE search_text SET text = {SEARCH_TEXT.format(pid="old.photo_id")}
    WHERE photo_id = old.photo_id;
END;
"""


# Import speed (issue 4): a new photo's search row was written three times (this trigger's
# delete and insert, then the writer's rebuild once its values were in), about 15 us a photo
# of the importer's 85 us of writing. While `search_deferred` exists the trigger does nothing
# and `core.search.refresh_text` creates the row, once.
M8_PHOTO_SEARCH_DEFERRED = f"""
DROP TRIGGER search_photos_ai;
CREATE TRIGGER search_photos_ai AFTER INSERT ON photos WHEN {DEFERRED} BEGIN
    DELETE FROM search_text WHERE photo_id = new.id;
    INSERT INTO search_text (photo_id, text) VALUES (new.id, lower(new.file_name));
END;
"""


# Migration 2 filled the search rows of a project's existing photos with `photos.id` inside
# a subquery on photos itself, so every row got the first photo's file name (found while
# writing migration 8). Rows that differ from what the triggers make are made again; the
# search_text trigger marks them for the FTS index.
ROW_TEXT = SEARCH_TEXT.format(pid="search_text.photo_id")
M9_SEARCH_NAMES = f"""
UPDATE search_text SET text = {ROW_TEXT} WHERE text IS NOT {ROW_TEXT};
"""

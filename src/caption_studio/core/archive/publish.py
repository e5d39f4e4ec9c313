"""Publish a desk's project into the archive: one transaction, COPY into staging tables, then
set-based merges. Idempotent: a photo is one row however many desks publish it (by
fingerprint), each desk's value of a field is its own claim (field_claims), and a merge writes
only rows that differ, so publishing again changes nothing that did not change.

A killed publish leaves the archive as it was: nothing is committed before the last step.
Publishes take one advisory lock, so two desks publishing at once wait for each other
instead of deadlocking on the photos they share.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg

from caption_studio.core.archive import schema, staging
from caption_studio.core.archive.connection import ArchiveError, connect, describe
from caption_studio.core.errors import Cancelled
from caption_studio.core.fields import STATUS_CHOICES
from caption_studio.core.project.file import Project
from caption_studio.core.tasks import CancelToken, Progress, no_progress

_PUBLISH_LOCK = 0x43537464_0001  # pg_advisory_xact_lock key: one publish at a time


@dataclass
class PublishSummary:
    desk: str
    project: str
    photos: int = 0  # photos of this publish
    new_photos: int = 0  # not in the archive before (by fingerprint)
    values_changed: int = 0  # this desk's field values added or changed
    values_removed: int = 0
    articles_changed: int = 0
    captions_changed: int = 0
    pairings_changed: int = 0
    credits_changed: int = 0
    search_rows_changed: int = 0
    without_fingerprint: int = 0  # left out: never read, so not matchable across desks
    conflicts: int = 0  # fields of this publish's photos where desks disagree
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def changed(self) -> bool:
        return bool(self.new_photos or self.values_changed or self.values_removed
                    or self.articles_changed or self.captions_changed or self.pairings_changed
                    or self.credits_changed)


def publish(project_path: str | Path, address: str, *, desk: str | None = None,
            status: str | None = None, progress: Progress = no_progress,
            cancel: CancelToken | None = None) -> PublishSummary:
    """Publish the project (all its photos, or those with workflow `status`) as `desk`
    (default: the PostgreSQL user name)."""
    if status is not None and status not in STATUS_CHOICES:
        raise ArchiveError(f"status {status!r} is not one of {', '.join(STATUS_CHOICES)}")
    started = time.perf_counter()
    cancel = cancel or CancelToken()
    # The credit rows (the `credits` command's code: roster, agencies) cost as much Python
    # time as the server's merge of everything else, so a thread makes them meanwhile, on a
    # connection of its own (100,000 photos: 13 s that no longer add to the publish).
    credits_maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish-credits")
    try:
        with Project.open(project_path, readonly=True) as project, \
                connect(address, "caption-studio publish") as conn:
            schema.check(conn)
            _require_publish_right(conn, address)
            created = project.info().get("created_at") or ""
            try:
                with conn.transaction(), conn.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_PUBLISH_LOCK,))
                    # The merge sorts a claim a field: in memory, not in 4 MB runs on disk.
                    cur.execute("SET LOCAL work_mem = '256MB'")
                    cur.execute("SELECT current_user")
                    desk = desk or cur.fetchone()[0]
                    summary = PublishSummary(desk=desk, project=project.name)
                    progress(0, 4, "reading the project")
                    staging.create_tables(cur)
                    counts = staging.copy_project(cur, project, status)
                    cancel.raise_if_cancelled()
                    # Started now, not before the COPY: both are Python, and would share
                    # one interpreter lock instead of the merge's wait.
                    credit_rows = credits_maker.submit(staging.read_credits, project.path,
                                                       status)
                    progress(1, 4, "merging photos and values")
                    project_id = _project_row(cur, desk, project, created)
                    _merge(cur, _MERGE, project_id, summary)
                    cancel.raise_if_cancelled()
                    progress(2, 4, "merging credits")
                    staging.copy_credits(cur, credit_rows.result())
                    _merge(cur, _MERGE_CREDITS, project_id, summary)
                    summary.photos = counts["stage_photos"]
                    summary.without_fingerprint = _without_fingerprint(project, status)
                    cancel.raise_if_cancelled()
                    progress(3, 4, "committing")
            except psycopg.errors.InsufficientPrivilege as exc:
                raise ArchiveError(f"{describe(address)} refused the publish: "
                                   f"{str(exc).splitlines()[0]}") from None
            except Cancelled:
                raise
    finally:
        # A failed or cancelled publish does not wait for credit rows nobody will use.
        credits_maker.shutdown(wait=False, cancel_futures=True)
    progress(4, 4, "published")
    summary.seconds = time.perf_counter() - started
    return summary


def _require_publish_right(conn: psycopg.Connection, address: str) -> None:
    with conn.cursor() as cur:
        cur.execute("SELECT current_user, has_table_privilege('field_claims', 'INSERT') "
                    "AND has_table_privilege('photos', 'INSERT')")
        user, allowed = cur.fetchone()
    conn.commit()
    if not allowed:
        raise ArchiveError(
            f"role {user} may only read this archive ({describe(address)}): publishing needs "
            f"a desk role (a member of {schema.DESK_ROLE}, see the README's Access section)")


def _without_fingerprint(project: Project, status: str | None) -> int:
    return int(project.conn.execute(
        "SELECT count(*) FROM photos p WHERE p.fingerprint IS NULL AND (? IS NULL OR "
        "coalesce((SELECT value FROM field_values s WHERE s.photo_id = p.id AND "
        "s.field = 'status'), 'new') = ?)", (status, status)).fetchone()[0])


def _project_row(cur: psycopg.Cursor, desk: str, project: Project, created: str) -> int:
    cur.execute(
        "INSERT INTO projects (desk, name, created_at, path) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (desk, name, created_at) DO UPDATE SET path = excluded.path, "
        "last_published_at = now(), published_by = current_user RETURNING id",
        (desk, project.name, created, str(project.path.resolve())))
    return int(cur.fetchone()[0])


# The merge, statement by statement. %(p)s is the project's archive id. Every statement is a
# constant; values only ever arrive as parameters or through COPY.
_MERGE: tuple[tuple[str | None, str], ...] = (
    (None, "ANALYZE stage_photos, stage_values, stage_articles, stage_captions, "
           "stage_pairings"),
    ("new_photos", """
        INSERT INTO photos (fingerprint, file_name, size, width, height, format, capture_time,
                            camera, gps_lat, gps_lon)
        SELECT DISTINCT ON (fingerprint) fingerprint, file_name, size, width, height, format,
               capture_time, camera, gps_lat, gps_lon
        FROM stage_photos ORDER BY fingerprint, local_id
        ON CONFLICT (fingerprint) DO NOTHING"""),
    (None, """
        CREATE TEMP TABLE stage_map ON COMMIT DROP AS
        SELECT s.local_id, p.id AS photo_id FROM stage_photos s JOIN photos p USING (fingerprint)"""),
    (None, "CREATE TEMP TABLE touched (photo_id bigint PRIMARY KEY) ON COMMIT DROP"),
    (None, """
        WITH changed AS (
            INSERT INTO photo_sources AS o (project_id, local_id, photo_id, path, file_name)
            SELECT %(p)s, s.local_id, m.photo_id, s.path, s.file_name
            FROM stage_photos s JOIN stage_map m USING (local_id)
            LEFT JOIN photo_sources o ON o.project_id = %(p)s AND o.local_id = s.local_id
            WHERE o.local_id IS NULL
               OR (o.photo_id, o.path, o.file_name) IS DISTINCT FROM (m.photo_id, s.path, s.file_name)
            ON CONFLICT (project_id, local_id) DO UPDATE SET photo_id = excluded.photo_id,
                path = excluded.path, file_name = excluded.file_name, published_at = now()
            RETURNING photo_id),
        t AS (INSERT INTO touched SELECT DISTINCT photo_id FROM changed
                  ON CONFLICT DO NOTHING)
        SELECT count(*) FROM changed"""),
    # One claim per photo and field from this desk (a project holding the same file twice
    # publishes its most recent value).
    (None, """
        CREATE TEMP TABLE stage_claims ON COMMIT DROP AS
        SELECT DISTINCT ON (m.photo_id, v.field) m.photo_id, v.field, v.value, v.provenance,
               v.updated_at
        FROM stage_values v JOIN stage_map m USING (local_id)
        ORDER BY m.photo_id, v.field, v.updated_at DESC"""),
    (None, "ANALYZE stage_map, stage_claims"),
    (None, """
        INSERT INTO field_history (photo_id, field, project_id, old_value, old_provenance,
                                   old_updated_at, new_value, new_provenance)
        SELECT c.photo_id, c.field, c.project_id, c.value, c.provenance, c.updated_at,
               s.value, s.provenance
        FROM stage_claims s JOIN field_claims c
          ON c.photo_id = s.photo_id AND c.field = s.field AND c.project_id = %(p)s
        WHERE (c.value, c.provenance) IS DISTINCT FROM (s.value, s.provenance)"""),
    (None, """
        INSERT INTO field_history (photo_id, field, project_id, old_value, old_provenance,
                                   old_updated_at)
        SELECT c.photo_id, c.field, c.project_id, c.value, c.provenance, c.updated_at
        FROM field_claims c
        WHERE c.project_id = %(p)s AND c.photo_id IN (SELECT photo_id FROM stage_map)
          AND NOT EXISTS (
            SELECT 1 FROM stage_claims s WHERE s.photo_id = c.photo_id AND s.field = c.field)"""),
    ("values_removed", """
        WITH gone AS (
            DELETE FROM field_claims c
            WHERE c.project_id = %(p)s AND c.photo_id IN (SELECT photo_id FROM stage_map)
              AND NOT EXISTS (
                SELECT 1 FROM stage_claims s WHERE s.photo_id = c.photo_id AND s.field = c.field)
            RETURNING c.photo_id),
        t AS (INSERT INTO touched SELECT DISTINCT photo_id FROM gone
                  ON CONFLICT DO NOTHING)
        SELECT count(*) FROM gone"""),
    ("values_changed", """
        WITH changed AS (
            INSERT INTO field_claims AS c (photo_id, field, project_id, value, provenance,
                                           updated_at)
            SELECT s.photo_id, s.field, %(p)s, s.value, s.provenance, s.updated_at
            FROM stage_claims s LEFT JOIN field_claims c
              ON c.photo_id = s.photo_id AND c.field = s.field AND c.project_id = %(p)s
            WHERE c.photo_id IS NULL OR (c.value, c.provenance, c.updated_at)
                  IS DISTINCT FROM (s.value, s.provenance, s.updated_at)
            ON CONFLICT (photo_id, field, project_id) DO UPDATE SET value = excluded.value,
                provenance = excluded.provenance, updated_at = excluded.updated_at
            RETURNING c.photo_id),
        t AS (INSERT INTO touched SELECT DISTINCT photo_id FROM changed
                  ON CONFLICT DO NOTHING)
        SELECT count(*) FROM changed"""),
    ("articles_changed", """
        INSERT INTO articles AS a (project_id, local_id, path, headline, date, writers, page,
                                   edition, text, imported_at)
        SELECT %(p)s, s.* FROM stage_articles s LEFT JOIN articles a
          ON a.project_id = %(p)s AND a.local_id = s.local_id
        WHERE a.id IS NULL OR (a.path, a.headline, a.date, a.writers, a.page, a.edition, a.text,
              a.imported_at) IS DISTINCT FROM (s.path, s.headline, s.date, s.writers, s.page,
              s.edition, s.text, s.imported_at)
        ON CONFLICT (project_id, local_id) DO UPDATE SET path = excluded.path,
            headline = excluded.headline, date = excluded.date, writers = excluded.writers,
            page = excluded.page, edition = excluded.edition, text = excluded.text,
            imported_at = excluded.imported_at"""),
    ("captions_changed", """
        INSERT INTO captions AS c (project_id, local_id, article_id, position, text, description,
                                   date, date_source, location, photographers, credit, origin,
                                   dismissed)
        SELECT %(p)s, s.local_id, a.id, s.position, s.text, s.description, s.date,
               s.date_source, s.location, s.photographers, s.credit, s.origin, s.dismissed
        FROM stage_captions s
        JOIN articles a ON a.project_id = %(p)s AND a.local_id = s.article_local
        LEFT JOIN captions c ON c.project_id = %(p)s AND c.local_id = s.local_id
        WHERE c.id IS NULL OR (c.article_id, c.position, c.text, c.description, c.date,
              c.date_source, c.location, c.photographers, c.credit, c.origin, c.dismissed)
              IS DISTINCT FROM (a.id, s.position, s.text, s.description, s.date, s.date_source,
              s.location, s.photographers, s.credit, s.origin, s.dismissed)
        ON CONFLICT (project_id, local_id) DO UPDATE SET article_id = excluded.article_id,
            position = excluded.position, text = excluded.text,
            description = excluded.description, date = excluded.date,
            date_source = excluded.date_source, location = excluded.location,
            photographers = excluded.photographers, credit = excluded.credit,
            origin = excluded.origin, dismissed = excluded.dismissed"""),
    ("pairings_changed", """
        WITH gone AS (
            DELETE FROM pairings r USING stage_map m
            WHERE r.project_id = %(p)s AND r.local_photo_id = m.local_id AND NOT EXISTS (
                SELECT 1 FROM stage_pairings s WHERE s.local_photo_id = r.local_photo_id)
            RETURNING r.photo_id),
        t AS (INSERT INTO touched SELECT DISTINCT photo_id FROM gone
                  ON CONFLICT DO NOTHING)
        SELECT count(*) FROM gone"""),
    ("pairings_changed", """
        WITH changed AS (
            INSERT INTO pairings AS r (project_id, local_photo_id, photo_id, caption_id, state,
                                       score, margin, reasons, created_at)
            SELECT %(p)s, s.local_photo_id, m.photo_id, c.id, s.state, s.score, s.margin,
                   s.reasons, s.created_at
            FROM stage_pairings s JOIN stage_map m ON m.local_id = s.local_photo_id
            JOIN captions c ON c.project_id = %(p)s AND c.local_id = s.local_caption_id
            LEFT JOIN pairings r ON r.project_id = %(p)s AND r.local_photo_id = s.local_photo_id
            WHERE r.photo_id IS NULL OR (r.photo_id, r.caption_id, r.state, r.score, r.margin,
                  r.reasons, r.created_at) IS DISTINCT FROM (m.photo_id, c.id, s.state, s.score,
                  s.margin, s.reasons, s.created_at)
            ON CONFLICT (project_id, local_photo_id) DO UPDATE SET photo_id = excluded.photo_id,
                caption_id = excluded.caption_id, state = excluded.state,
                score = excluded.score, margin = excluded.margin, reasons = excluded.reasons,
                created_at = excluded.created_at
            RETURNING r.photo_id),
        t AS (INSERT INTO touched SELECT DISTINCT photo_id FROM changed
                  ON CONFLICT DO NOTHING)
        SELECT count(*) FROM changed"""),
    # Photos new to the archive need a search row even without a single field value.
    (None, """
        INSERT INTO touched SELECT m.photo_id FROM stage_map m
        WHERE NOT EXISTS (SELECT 1 FROM search s WHERE s.photo_id = m.photo_id)
        ON CONFLICT DO NOTHING"""),
    # The search row of each touched photo: every desk's file name and the winning value of
    # each searchable field, lowered and joined as the desk's search_text (migration 2 there).
    ("search_rows_changed", """
        WITH winners AS (
            SELECT DISTINCT ON (c.photo_id, c.field) c.photo_id, c.field, c.value
            FROM field_claims c JOIN touched t USING (photo_id)
            ORDER BY c.photo_id, c.field, (c.provenance = 'manual') DESC, c.updated_at DESC,
                     c.project_id DESC),
        per_photo AS (
            SELECT photo_id,
                string_agg(replace(replace(replace(value, '["', ''), '"]', ''), '", "', E'\\n'),
                           E'\\n' ORDER BY field)
                    FILTER (WHERE field NOT IN ('status', 'rating')) AS text,
                max(value) FILTER (WHERE field = 'status') AS status,
                max(value) FILTER (WHERE field = 'creator') AS creators,
                max(value) FILTER (WHERE field = 'date_created') AS day
            FROM winners GROUP BY photo_id),
        names AS (
            SELECT o.photo_id, string_agg(DISTINCT o.file_name, E'\\n') AS names
            FROM photo_sources o JOIN touched t USING (photo_id) GROUP BY o.photo_id),
        rows AS (
            SELECT t.photo_id,
                translate(coalesce(n.names, p.file_name) || coalesce(E'\\n' || w.text, ''),
                          'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS text,
                coalesce(w.status, 'new') AS status, w.creators,
                coalesce(w.day, p.capture_time) AS day,
                EXISTS (SELECT 1 FROM pairings r WHERE r.photo_id = t.photo_id) AS paired
            FROM touched t JOIN photos p ON p.id = t.photo_id
            LEFT JOIN per_photo w USING (photo_id) LEFT JOIN names n USING (photo_id))
        INSERT INTO search AS s (photo_id, text, status, creators, day, paired)
        SELECT * FROM rows
        ON CONFLICT (photo_id) DO UPDATE SET text = excluded.text, status = excluded.status,
            creators = excluded.creators, day = excluded.day, paired = excluded.paired
        WHERE (s.text, s.status, s.creators, s.day, s.paired) IS DISTINCT FROM
              (excluded.text, excluded.status, excluded.creators, excluded.day, excluded.paired)"""),
    # The search indexes' new entries, merged in one sorted pass (migration 2).
    (None, "SELECT flush_search_indexes()"),
    ("conflicts", """
        SELECT count(*) FROM (
            SELECT 1 FROM field_claims c JOIN stage_map m USING (photo_id)
            GROUP BY c.photo_id, c.field HAVING count(DISTINCT coalesce(c.value, '')) > 1) x"""),
)

# The credit rows arrive once the thread that makes them is done (publish), after the rest.
_MERGE_CREDITS: tuple[tuple[str | None, str], ...] = (
    (None, "ANALYZE stage_credits"),
    ("credits_changed", """
        DELETE FROM credits k USING stage_map m
        WHERE k.project_id = %(p)s AND k.local_photo_id = m.local_id AND NOT EXISTS (
            SELECT 1 FROM stage_credits s WHERE s.local_photo_id = k.local_photo_id
            AND s.local_caption_id = k.local_caption_id)"""),
    ("credits_changed", """
        INSERT INTO credits AS k (project_id, local_photo_id, local_caption_id, photo_id,
            article_id, caption_id, headline, article_date, page, edition, caption_no,
            file_name, path, photographers, latin_names, role, credit_line, agency, agency_en,
            source, employments, date_taken, status, description, pairing_state)
        SELECT %(p)s, s.local_photo_id, s.local_caption_id, m.photo_id, a.id, c.id,
            s.headline, s.article_date, s.page, s.edition, s.caption_no, s.file_name, s.path,
            s.photographers, s.latin_names, s.role, s.credit_line, s.agency, s.agency_en,
            s.source, s.employments, s.date_taken, s.status, s.description, s.pairing_state
        FROM stage_credits s JOIN stage_map m ON m.local_id = s.local_photo_id
        JOIN articles a ON a.project_id = %(p)s AND a.local_id = s.local_article_id
        JOIN captions c ON c.project_id = %(p)s AND c.local_id = s.local_caption_id
        LEFT JOIN credits k ON k.project_id = %(p)s AND k.local_photo_id = s.local_photo_id
             AND k.local_caption_id = s.local_caption_id
        WHERE k.photo_id IS NULL OR (k.photo_id, k.article_id, k.caption_id, k.headline,
              k.article_date, k.page, k.edition, k.caption_no, k.file_name, k.path,
              k.photographers, k.latin_names, k.role, k.credit_line, k.agency, k.agency_en,
              k.source, k.employments, k.date_taken, k.status, k.description, k.pairing_state)
              IS DISTINCT FROM (m.photo_id, a.id, c.id, s.headline, s.article_date, s.page,
              s.edition, s.caption_no, s.file_name, s.path, s.photographers, s.latin_names,
              s.role, s.credit_line, s.agency, s.agency_en, s.source, s.employments,
              s.date_taken, s.status, s.description, s.pairing_state)
        ON CONFLICT (project_id, local_photo_id, local_caption_id) DO UPDATE SET
            photo_id = excluded.photo_id, article_id = excluded.article_id,
            caption_id = excluded.caption_id, headline = excluded.headline,
            article_date = excluded.article_date, page = excluded.page,
            edition = excluded.edition, caption_no = excluded.caption_no,
            file_name = excluded.file_name, path = excluded.path,
            photographers = excluded.photographers, latin_names = excluded.latin_names,
            role = excluded.role, credit_line = excluded.credit_line, agency = excluded.agency,
            agency_en = excluded.agency_en, source = excluded.source,
            employments = excluded.employments, date_taken = excluded.date_taken,
            status = excluded.status, description = excluded.description,
            pairing_state = excluded.pairing_state"""),
)


def _merge(cur: psycopg.Cursor, statements: tuple[tuple[str | None, str], ...],
           project_id: int, summary: PublishSummary) -> None:
    for counter, statement in statements:
        cur.execute(statement, {"p": project_id} if "%(p)s" in statement else None)
        if not counter:
            continue
        # Statements that also note touched photos end in SELECT count(*) of what they wrote.
        count = int(cur.fetchone()[0]) if cur.description else max(cur.rowcount, 0)
        setattr(summary, counter, getattr(summary, counter) + count)

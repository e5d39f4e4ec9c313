"""Migrations 3 and 10: the `credits` view (one row per published photo) and, from 10, the
`credit_terms` table it joins. Shipped SQL: never edit, add a new migration
(`core.project.migrations`)."""

from __future__ import annotations

# Credit lists (export): one row per published photo, i.e. paired with a caption that is not
# dismissed. Field values (what the desk corrected) win over what the caption printed. Only
# json_each/json_tree are used for JSON: the JSON scalar functions of SQLite 3.40 are not
# innocuous, and the view must run under `PRAGMA trusted_schema = OFF`. core.credits_export
# reads this view and adds Latin names and a per-photographer staff/freelance/agency.
# The agency names were a copy of the Python agency table as of this migration (migration 10
# replaced them with the credit_terms table).
M3_CREDITS = """
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


# Credit terms (issue 17): the credits view's agency names and role words were a copy of the
# Python tables typed into migration 3. Now the file holds them as rows (`credit_terms`,
# written from core.credit_terms whenever the project is opened for writing), and the view
# joins them, so a new agency reaches old files without a new view. Staff/freelance/agency
# is judged in infer_employment's order; English staff roles now count too.
M10_CREDIT_TERMS = """
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

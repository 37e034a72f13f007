-- pm notebook schema: meetings as the report's baseline, story titles, quotes on links.

-- A meeting is a report pinned under a name (`pm report --record NAME`): when it
-- was recorded, the last change it saw (the baseline for "changes since": the
-- operation log after it says what moved), and the report itself as JSON, so
-- it renders again exactly as it was. A plain `pm report` records nothing.
CREATE TABLE meetings (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    at        TEXT NOT NULL,
    change_id INTEGER NOT NULL,
    model     TEXT
);

-- Every earlier `pm report` run was recorded as the next one's baseline; each
-- becomes a meeting that can still serve as a baseline (it has no report to show).
INSERT INTO meetings (name, at, change_id, model)
SELECT 'report ' || r.id, r.generated,
       coalesce((SELECT max(c.id) FROM changes c WHERE c.command = 'report' AND c.at <= r.generated), 0),
       NULL
FROM reports r ORDER BY r.id;

-- The operation log replaces both: what a story was at a meeting is its row now
-- with the old values of the changes after it.
DROP TABLE report_seen;
DROP TABLE reports;

-- A short title a person gives a story (NULL: one is drafted from its words).
ALTER TABLE stories ADD COLUMN title TEXT;

-- The customer's words that make a link's case, shown first in the report.
ALTER TABLE links ADD COLUMN quote TEXT;

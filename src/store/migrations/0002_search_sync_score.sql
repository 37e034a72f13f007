-- pm notebook schema, version 2.

-- Stemmed search everywhere ("exports" finds "export"), as stories already had.
DROP TABLE notes_fts;
CREATE VIRTUAL TABLE notes_fts USING fts5 (
    body, who, org, content = 'notes', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');

DROP TABLE checkins_fts;
CREATE VIRTUAL TABLE checkins_fts USING fts5 (
    topic, with_who, outcome, content = 'checkins', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO checkins_fts (checkins_fts) VALUES ('rebuild');

DROP TABLE decisions_fts;
CREATE VIRTUAL TABLE decisions_fts USING fts5 (
    text, why, content = 'decisions', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO decisions_fts (decisions_fts) VALUES ('rebuild');

-- The score under the configured framework, kept current by every write that
-- touches a story (and all of them when the config changes), so the report
-- reads the top N through an index instead of scoring every story.
ALTER TABLE stories ADD COLUMN score REAL;
CREATE INDEX stories_by_score ON stories (score DESC) WHERE merged_into IS NULL;

-- Records this notebook has exchanged with a shared folder (`pm export|import --dir`),
-- so `pm import --dir --prune` removes only records deleted there, never new local ones.
CREATE TABLE synced (
    uid  TEXT PRIMARY KEY,
    kind TEXT NOT NULL
) WITHOUT ROWID;

-- What the last `pm report` saw of each story, so the next one lists what changed
-- by comparing two indexed tables instead of decoding a saved ranking.
CREATE TABLE report_seen (
    story_id       INTEGER PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    score          REAL,
    status         TEXT NOT NULL,
    pillar_id      INTEGER,
    evidence_count INTEGER NOT NULL,
    people         INTEGER NOT NULL,
    orgs           INTEGER NOT NULL,
    sources        INTEGER NOT NULL,
    importance     INTEGER NOT NULL,
    reach          REAL,
    impact         REAL,
    confidence     REAL,
    effort         REAL,
    ease           REAL,
    value          REAL,
    criticality    REAL,
    risk           REAL
);

-- Counting the stories of no pillar reads the index alone.
DROP INDEX stories_by_pillar;
CREATE INDEX stories_by_pillar ON stories (pillar_id, merged_into);

-- "Since the last report" compares with when a note was typed.
CREATE INDEX notes_by_created ON notes (created);
CREATE INDEX stories_by_created ON stories (created);

-- pm notebook schema, version 4.

-- Local ids (N12, S3, C4, D2) are never used twice: with AUTOINCREMENT SQLite
-- gives a new record an id above every id the table ever had, where before it
-- took the highest id left plus one, so deleting the newest note (or undoing
-- it) and adding another reused its id, and `pm log` of the new note showed
-- the deleted one's history. SQLite cannot add AUTOINCREMENT to a table, so
-- each table is rebuilt (same columns, same rows, same ids; the search indexes
-- keep their rowids) with its indexes and search triggers. schema.rs turns
-- foreign keys off around migrations, so dropping a table deletes no row
-- that points at it.

CREATE TABLE notes_new (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    uid     TEXT NOT NULL UNIQUE,
    body    TEXT NOT NULL,
    who     TEXT,
    org     TEXT,
    segment TEXT,
    source  TEXT,
    on_date TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
INSERT INTO notes_new SELECT * FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
CREATE INDEX notes_by_on ON notes (on_date, id);
CREATE INDEX notes_by_who ON notes (who COLLATE NOCASE);
CREATE INDEX notes_by_org ON notes (org COLLATE NOCASE);
CREATE TRIGGER notes_fts_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, body, who, org) VALUES (new.id, new.body, new.who, new.org);
END;
CREATE TRIGGER notes_fts_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, body, who, org) VALUES ('delete', old.id, old.body, old.who, old.org);
END;
CREATE TRIGGER notes_fts_au AFTER UPDATE OF body, who, org ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, body, who, org) VALUES ('delete', old.id, old.body, old.who, old.org);
    INSERT INTO notes_fts (rowid, body, who, org) VALUES (new.id, new.body, new.who, new.org);
END;
CREATE INDEX notes_by_created ON notes (created);

CREATE TABLE stories_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT NOT NULL UNIQUE,
    request      TEXT NOT NULL,        -- the original words, verbatim
    actor        TEXT,                 -- a user story's role: kept, but not a situation
    situation    TEXT,
    motivation   TEXT,
    outcome      TEXT,
    requested_by TEXT,
    status       TEXT NOT NULL DEFAULT 'idea',
    pillar_id    INTEGER REFERENCES pillars (id) ON DELETE SET NULL,
    reach        REAL,                 -- NULL: derived from evidence
    impact       REAL,
    confidence   REAL,                 -- percent; NULL: derived from evidence
    effort       REAL,
    ease         REAL,                 -- ICE
    value        REAL,                 -- WSJF business value
    criticality  REAL,                 -- WSJF time criticality
    risk         REAL,                 -- WSJF risk reduction / opportunity enablement
    merged_into  INTEGER REFERENCES stories (id),
    -- Evidence aggregates, kept current by every write that touches links or linked
    -- notes, so listing and reporting never recount links.
    evidence_count INTEGER NOT NULL DEFAULT 0,
    people         INTEGER NOT NULL DEFAULT 0,
    orgs           INTEGER NOT NULL DEFAULT 0,
    sources        INTEGER NOT NULL DEFAULT 0,
    importance     INTEGER NOT NULL DEFAULT 0,
    created      TEXT NOT NULL,
    updated      TEXT NOT NULL
, score REAL);
INSERT INTO stories_new SELECT * FROM stories;
DROP TABLE stories;
ALTER TABLE stories_new RENAME TO stories;
CREATE INDEX stories_by_status ON stories (status) WHERE merged_into IS NULL;
CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
    INSERT INTO stories_fts (rowid, request, situation, motivation, outcome)
    VALUES (new.id, new.request, new.situation, new.motivation, new.outcome);
END;
CREATE TRIGGER stories_fts_ad AFTER DELETE ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, request, situation, motivation, outcome)
    VALUES ('delete', old.id, old.request, old.situation, old.motivation, old.outcome);
END;
CREATE TRIGGER stories_fts_au AFTER UPDATE OF request, situation, motivation, outcome ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, request, situation, motivation, outcome)
    VALUES ('delete', old.id, old.request, old.situation, old.motivation, old.outcome);
    INSERT INTO stories_fts (rowid, request, situation, motivation, outcome)
    VALUES (new.id, new.request, new.situation, new.motivation, new.outcome);
END;
CREATE INDEX stories_by_score ON stories (score DESC) WHERE merged_into IS NULL;
CREATE INDEX stories_by_pillar ON stories (pillar_id, merged_into);
CREATE INDEX stories_by_created ON stories (created);

CREATE TABLE checkins_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    uid      TEXT NOT NULL UNIQUE,
    topic    TEXT NOT NULL,
    with_who TEXT NOT NULL,
    at       TEXT NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0,
    outcome  TEXT,
    done_at  TEXT,
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL
);
INSERT INTO checkins_new SELECT * FROM checkins;
DROP TABLE checkins;
ALTER TABLE checkins_new RENAME TO checkins;
CREATE INDEX checkins_by_at ON checkins (at);
CREATE TRIGGER checkins_fts_ai AFTER INSERT ON checkins BEGIN
    INSERT INTO checkins_fts (rowid, topic, with_who, outcome) VALUES (new.id, new.topic, new.with_who, new.outcome);
END;
CREATE TRIGGER checkins_fts_ad AFTER DELETE ON checkins BEGIN
    INSERT INTO checkins_fts (checkins_fts, rowid, topic, with_who, outcome) VALUES ('delete', old.id, old.topic, old.with_who, old.outcome);
END;
CREATE TRIGGER checkins_fts_au AFTER UPDATE OF topic, with_who, outcome ON checkins BEGIN
    INSERT INTO checkins_fts (checkins_fts, rowid, topic, with_who, outcome) VALUES ('delete', old.id, old.topic, old.with_who, old.outcome);
    INSERT INTO checkins_fts (rowid, topic, with_who, outcome) VALUES (new.id, new.topic, new.with_who, new.outcome);
END;

CREATE TABLE decisions_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    uid       TEXT NOT NULL UNIQUE,
    text      TEXT NOT NULL,
    why       TEXT,
    pillar_id INTEGER REFERENCES pillars (id) ON DELETE SET NULL,
    on_date   TEXT NOT NULL,
    created   TEXT NOT NULL,
    updated   TEXT NOT NULL
);
INSERT INTO decisions_new SELECT * FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_new RENAME TO decisions;
CREATE INDEX decisions_by_on ON decisions (on_date);
CREATE TRIGGER decisions_fts_ai AFTER INSERT ON decisions BEGIN
    INSERT INTO decisions_fts (rowid, text, why) VALUES (new.id, new.text, new.why);
END;
CREATE TRIGGER decisions_fts_ad AFTER DELETE ON decisions BEGIN
    INSERT INTO decisions_fts (decisions_fts, rowid, text, why) VALUES ('delete', old.id, old.text, old.why);
END;
CREATE TRIGGER decisions_fts_au AFTER UPDATE OF text, why ON decisions BEGIN
    INSERT INTO decisions_fts (decisions_fts, rowid, text, why) VALUES ('delete', old.id, old.text, old.why);
    INSERT INTO decisions_fts (rowid, text, why) VALUES (new.id, new.text, new.why);
END;

-- Ids the operation log remembers (of records deleted before this upgrade) are
-- never given again either, so no new record inherits an old one's history.

DELETE FROM sqlite_sequence WHERE name = 'notes';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notes', max(
    coalesce((SELECT max(id) FROM notes), 0),
    coalesce((SELECT max(json_extract(row_key, '$.id')) FROM ops WHERE tbl = 'notes'), 0));
DELETE FROM sqlite_sequence WHERE name = 'stories';
INSERT INTO sqlite_sequence (name, seq) SELECT 'stories', max(
    coalesce((SELECT max(id) FROM stories), 0),
    coalesce((SELECT max(json_extract(row_key, '$.id')) FROM ops WHERE tbl = 'stories'), 0));
DELETE FROM sqlite_sequence WHERE name = 'checkins';
INSERT INTO sqlite_sequence (name, seq) SELECT 'checkins', max(
    coalesce((SELECT max(id) FROM checkins), 0),
    coalesce((SELECT max(json_extract(row_key, '$.id')) FROM ops WHERE tbl = 'checkins'), 0));
DELETE FROM sqlite_sequence WHERE name = 'decisions';
INSERT INTO sqlite_sequence (name, seq) SELECT 'decisions', max(
    coalesce((SELECT max(id) FROM decisions), 0),
    coalesce((SELECT max(json_extract(row_key, '$.id')) FROM ops WHERE tbl = 'decisions'), 0));

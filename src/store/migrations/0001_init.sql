-- pm notebook schema, version 1. Append-only: later changes go in 0002_*.sql.
-- Dates: `on_date` is a calendar day (YYYY-MM-DD); every other time is UTC RFC 3339 text.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE notes (
    id      INTEGER PRIMARY KEY,
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
CREATE INDEX notes_by_on ON notes (on_date, id);
CREATE INDEX notes_by_who ON notes (who COLLATE NOCASE);
CREATE INDEX notes_by_org ON notes (org COLLATE NOCASE);

CREATE TABLE note_tags (
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (note_id, tag)
) WITHOUT ROWID;
CREATE INDEX note_tags_by_tag ON note_tags (tag, note_id);

CREATE TABLE pillars (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT,
    created     TEXT NOT NULL
);

CREATE TABLE visions (
    id      INTEGER PRIMARY KEY,
    uid     TEXT NOT NULL UNIQUE,
    text    TEXT NOT NULL,
    why     TEXT,
    created TEXT NOT NULL
);

CREATE TABLE stories (
    id           INTEGER PRIMARY KEY,
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
);
CREATE INDEX stories_by_status ON stories (status) WHERE merged_into IS NULL;
CREATE INDEX stories_by_pillar ON stories (pillar_id);

CREATE TABLE links (
    story_id   INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    note_id    INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    importance INTEGER NOT NULL DEFAULT 1 CHECK (importance BETWEEN 0 AND 3),
    created    TEXT NOT NULL,
    PRIMARY KEY (story_id, note_id)
) WITHOUT ROWID;
CREATE INDEX links_by_note ON links (note_id, story_id);

CREATE TABLE story_events (
    id       INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    status   TEXT NOT NULL,
    why      TEXT,
    at       TEXT NOT NULL
);
CREATE INDEX story_events_by_story ON story_events (story_id, id);

CREATE TABLE checkins (
    id       INTEGER PRIMARY KEY,
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
CREATE INDEX checkins_by_at ON checkins (at);

CREATE TABLE checkin_stories (
    checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    PRIMARY KEY (checkin_id, story_id)
) WITHOUT ROWID;

CREATE TABLE decisions (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    text      TEXT NOT NULL,
    why       TEXT,
    pillar_id INTEGER REFERENCES pillars (id) ON DELETE SET NULL,
    on_date   TEXT NOT NULL,
    created   TEXT NOT NULL,
    updated   TEXT NOT NULL
);
CREATE INDEX decisions_by_on ON decisions (on_date);

CREATE TABLE decision_stories (
    decision_id INTEGER NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    story_id    INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    PRIMARY KEY (decision_id, story_id)
) WITHOUT ROWID;

-- Each `pm report` run: when, and the ranking it showed (JSON), so the next one can say what changed.
CREATE TABLE reports (
    id        INTEGER PRIMARY KEY,
    generated TEXT NOT NULL,
    ranking   TEXT NOT NULL
);

-- The operation log: one `changes` row per writing command, and one `ops` row per
-- row it touched, with the old values (filled by triggers made in schema.rs), so
-- undo and history need no schema rewrite.
CREATE TABLE changes (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    command TEXT NOT NULL,
    undone  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ops (
    id        INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES changes (id) ON DELETE CASCADE,
    tbl       TEXT NOT NULL,
    row_key   TEXT NOT NULL,   -- JSON of the primary key
    old       TEXT,            -- JSON of the row before (NULL for an insert)
    new       TEXT             -- JSON of the row after an update (NULL for insert and delete)
);
CREATE INDEX ops_by_change ON ops (change_id);

-- Full-text indexes, kept in step with their tables by triggers in the same transaction.
CREATE VIRTUAL TABLE notes_fts USING fts5 (
    body, who, org, content = 'notes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
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

CREATE VIRTUAL TABLE stories_fts USING fts5 (
    request, situation, motivation, outcome, content = 'stories', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
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

CREATE VIRTUAL TABLE checkins_fts USING fts5 (
    topic, with_who, outcome, content = 'checkins', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
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

CREATE VIRTUAL TABLE decisions_fts USING fts5 (
    text, why, content = 'decisions', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
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

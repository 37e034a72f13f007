-- pm notebook schema: people and organisations as records, and the evidence
-- numbers that weigh them. Existing notes' names become records in Rust right
-- after this file (store::people::backfill): names equal up to `text::fold` are one.

-- An account: what a CRM knows of it. `arr` in the configured currency.
CREATE TABLE orgs (
    id       INTEGER PRIMARY KEY,
    uid      TEXT NOT NULL UNIQUE,     -- UUIDv5 of the name key: two machines agree
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,     -- text::fold(name)
    segment  TEXT,
    plan     TEXT,
    arr      REAL,
    seats    INTEGER,
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL
);

CREATE TABLE people (
    id       INTEGER PRIMARY KEY,
    uid      TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    org_id   INTEGER REFERENCES orgs (id) ON DELETE SET NULL,
    role     TEXT,
    consent  TEXT,
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL
);
CREATE INDEX people_by_org ON people (org_id);

-- Other names a record answers to (kept by `merge`), under the same key.
CREATE TABLE person_aliases (
    name_key  TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX person_aliases_by_person ON person_aliases (person_id);
CREATE TABLE org_aliases (
    name_key TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    org_id   INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX org_aliases_by_org ON org_aliases (org_id);

-- A note points at its records; `who` and `org` keep the record's name as text,
-- so search, lists and exports read it without a join.
ALTER TABLE notes ADD COLUMN person_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE notes ADD COLUMN org_id INTEGER REFERENCES orgs (id) ON DELETE SET NULL;
CREATE INDEX notes_by_person ON notes (person_id);
CREATE INDEX notes_by_org_id ON notes (org_id);

-- Demand (per org, or person without one: the highest importance, summed),
-- the ARR behind the story (each org once), ARR-weighted demand, and reach from
-- the evidence: seats known, and how many orgs/people had none. Kept on write.
ALTER TABLE stories ADD COLUMN demand INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN arr REAL;
ALTER TABLE stories ADD COLUMN arr_demand REAL;
ALTER TABLE stories ADD COLUMN seats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN unseated INTEGER NOT NULL DEFAULT 0;

-- Derived reach changed meaning: the next write rescores every story.
DELETE FROM meta WHERE key = 'score_settings';

-- Segments and tags compare without case and keep the first spelling: found
-- through these indexes when a note is written.
CREATE INDEX notes_by_segment ON notes (segment COLLATE NOCASE);
CREATE INDEX note_tags_by_tag_nocase ON note_tags (tag COLLATE NOCASE);

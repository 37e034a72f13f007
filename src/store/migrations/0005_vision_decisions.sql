-- pm notebook schema: decisions remember the vision, pillars have a life.

-- The vision version (a `visions` row) in force when a decision was taken, and
-- what became of the decision since: `current`, `confirmed` (under the version
-- in `confirmed_under`, with `state_why`) or `superseded` (by the decision whose
-- `supersedes` points at it). "To revisit" is not stored: it is a current or
-- confirmed decision whose version is older than the latest. Plain integers,
-- not foreign keys: undo removes rows newest first, so a reference never dangles
-- for longer than the command that made it.
ALTER TABLE decisions ADD COLUMN vision_id INTEGER;
ALTER TABLE decisions ADD COLUMN state TEXT NOT NULL DEFAULT 'current';
ALTER TABLE decisions ADD COLUMN confirmed_under INTEGER;
ALTER TABLE decisions ADD COLUMN state_why TEXT;
ALTER TABLE decisions ADD COLUMN supersedes INTEGER;
CREATE INDEX decisions_by_supersedes ON decisions (supersedes) WHERE supersedes IS NOT NULL;

-- Existing decisions were taken under the version in force on their day (the
-- moment they were recorded, when that is the same day).
UPDATE decisions SET vision_id = (
    SELECT max(v.id) FROM visions v
    WHERE v.created <= CASE WHEN substr(decisions.created, 1, 10) <= decisions.on_date
                            THEN decisions.created ELSE decisions.on_date || 'T23:59:59Z' END
);

-- A retired pillar stays (stories and decisions keep it in their history) but
-- takes no new work; `retired` is when.
ALTER TABLE pillars ADD COLUMN retired TEXT;

-- Renames and new descriptions, for the vision's history (adding is the
-- pillar's `created`, retiring its `retired`).
CREATE TABLE pillar_events (
    id        INTEGER PRIMARY KEY,
    pillar_id INTEGER NOT NULL REFERENCES pillars (id) ON DELETE CASCADE,
    what      TEXT NOT NULL,      -- renamed | described
    old       TEXT,
    new       TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX pillar_events_by_pillar ON pillar_events (pillar_id, id);

-- `pm sync`: what the shared folder held at the last sync that reached the
-- remote (each record file's text, clocks included), the base of the next
-- three-way merge.
CREATE TABLE sync_base (
    uid  TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    text TEXT NOT NULL
) WITHOUT ROWID;

-- Fields changed on both sides: the value that lost, kept so it can be restored.
CREATE TABLE sync_conflicts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL,
    uid      TEXT NOT NULL,
    field    TEXT NOT NULL,
    kept     TEXT,
    lost     TEXT,
    lost_by  TEXT NOT NULL,
    at       TEXT NOT NULL,
    restored TEXT,
    UNIQUE (uid, field, lost)
);

-- This notebook's writer id and the folder it syncs with.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Record uids `pm forget` scrubbed, to go out in a forget marker at the next sync;
-- and the markers already applied here.
CREATE TABLE sync_forget (
    uid TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE sync_markers (
    name TEXT PRIMARY KEY
) WITHOUT ROWID;

-- pm notebook schema: the roadmap (a horizon and an order on stories) and attachments.

-- Where a story sits on the roadmap: 'now', 'next', 'later', or NULL (not on it).
-- `rank` orders the stories within a horizon (lower first); NULL: by score after
-- the ranked ones. Shipped and dropped stories keep their horizon but leave the roadmap.
ALTER TABLE stories ADD COLUMN horizon TEXT CHECK (horizon IN ('now', 'next', 'later'));
ALTER TABLE stories ADD COLUMN rank REAL;

-- A mock-up (an image) or a link kept on a story. The bytes are stored base64
-- as text: the operation log keeps deleted rows as JSON text for `pm undo`,
-- and text survives that trip where a blob would not.
CREATE TABLE attachments (
    id       INTEGER PRIMARY KEY,
    uid      TEXT NOT NULL UNIQUE,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    size     INTEGER NOT NULL DEFAULT 0,
    caption  TEXT,
    url      TEXT,
    data     TEXT,
    added    TEXT NOT NULL
);
CREATE INDEX attachments_story ON attachments(story_id);

-- What the report counts over a period holding every note, kept current by
-- triggers: such a report reads these few rows (one per source, person as typed,
-- tag, and segment/org/person combination) instead of every note. A key's
-- NULL is stored as '' (text) or 0 (ids). A row that falls to 0 is deleted:
-- a name `pm forget` erased must not stay behind as a key.
CREATE TABLE note_totals_by_source (source TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE note_totals_by_who (who TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
-- A note's segment is its own, else its org's: the org is looked up when read,
-- so editing an org's segment or a person's org needs no recount.
CREATE TABLE note_totals_by_account (
    segment   TEXT NOT NULL,
    org_id    INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (segment, org_id, person_id)
) WITHOUT ROWID;
CREATE TABLE note_totals_by_tag (tag TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;

INSERT INTO note_totals_by_source SELECT coalesce(source, '(none)'), count(*) FROM notes GROUP BY 1;
INSERT INTO note_totals_by_who SELECT coalesce(who, ''), count(*) FROM notes GROUP BY 1;
INSERT INTO note_totals_by_account
    SELECT coalesce(segment, ''), coalesce(org_id, 0), coalesce(person_id, 0), count(*) FROM notes GROUP BY 1, 2, 3;
INSERT INTO note_totals_by_tag SELECT tag, count(*) FROM note_tags GROUP BY tag;

CREATE TRIGGER note_totals_ai AFTER INSERT ON notes BEGIN
    INSERT INTO note_totals_by_source VALUES (coalesce(new.source, '(none)'), 1)
        ON CONFLICT (source) DO UPDATE SET n = n + 1;
    INSERT INTO note_totals_by_who VALUES (coalesce(new.who, ''), 1)
        ON CONFLICT (who) DO UPDATE SET n = n + 1;
    INSERT INTO note_totals_by_account
        VALUES (coalesce(new.segment, ''), coalesce(new.org_id, 0), coalesce(new.person_id, 0), 1)
        ON CONFLICT (segment, org_id, person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER note_totals_ad AFTER DELETE ON notes BEGIN
    UPDATE note_totals_by_source SET n = n - 1 WHERE source = coalesce(old.source, '(none)');
    DELETE FROM note_totals_by_source WHERE source = coalesce(old.source, '(none)') AND n <= 0;
    UPDATE note_totals_by_who SET n = n - 1 WHERE who = coalesce(old.who, '');
    DELETE FROM note_totals_by_who WHERE who = coalesce(old.who, '') AND n <= 0;
    UPDATE note_totals_by_account SET n = n - 1
        WHERE segment = coalesce(old.segment, '') AND org_id = coalesce(old.org_id, 0)
          AND person_id = coalesce(old.person_id, 0);
    DELETE FROM note_totals_by_account WHERE segment = coalesce(old.segment, '') AND org_id = coalesce(old.org_id, 0)
          AND person_id = coalesce(old.person_id, 0) AND n <= 0;
END;
CREATE TRIGGER note_totals_au AFTER UPDATE OF source, who, segment, org_id, person_id ON notes BEGIN
    UPDATE note_totals_by_source SET n = n - 1 WHERE source = coalesce(old.source, '(none)');
    DELETE FROM note_totals_by_source WHERE source = coalesce(old.source, '(none)') AND n <= 0;
    INSERT INTO note_totals_by_source VALUES (coalesce(new.source, '(none)'), 1)
        ON CONFLICT (source) DO UPDATE SET n = n + 1;
    UPDATE note_totals_by_who SET n = n - 1 WHERE who = coalesce(old.who, '');
    DELETE FROM note_totals_by_who WHERE who = coalesce(old.who, '') AND n <= 0;
    INSERT INTO note_totals_by_who VALUES (coalesce(new.who, ''), 1)
        ON CONFLICT (who) DO UPDATE SET n = n + 1;
    UPDATE note_totals_by_account SET n = n - 1
        WHERE segment = coalesce(old.segment, '') AND org_id = coalesce(old.org_id, 0)
          AND person_id = coalesce(old.person_id, 0);
    DELETE FROM note_totals_by_account WHERE segment = coalesce(old.segment, '') AND org_id = coalesce(old.org_id, 0)
          AND person_id = coalesce(old.person_id, 0) AND n <= 0;
    INSERT INTO note_totals_by_account
        VALUES (coalesce(new.segment, ''), coalesce(new.org_id, 0), coalesce(new.person_id, 0), 1)
        ON CONFLICT (segment, org_id, person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER note_totals_tag_ai AFTER INSERT ON note_tags BEGIN
    INSERT INTO note_totals_by_tag VALUES (new.tag, 1) ON CONFLICT (tag) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER note_totals_tag_ad AFTER DELETE ON note_tags BEGIN
    UPDATE note_totals_by_tag SET n = n - 1 WHERE tag = old.tag;
    DELETE FROM note_totals_by_tag WHERE tag = old.tag AND n <= 0;
END;
CREATE TRIGGER note_totals_tag_au AFTER UPDATE OF tag ON note_tags BEGIN
    UPDATE note_totals_by_tag SET n = n - 1 WHERE tag = old.tag;
    DELETE FROM note_totals_by_tag WHERE tag = old.tag AND n <= 0;
    INSERT INTO note_totals_by_tag VALUES (new.tag, 1) ON CONFLICT (tag) DO UPDATE SET n = n + 1;
END;

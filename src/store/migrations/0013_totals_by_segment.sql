-- note_totals_by_account kept one row per (segment, org, person) a note named:
-- about one per note in a big notebook (920,000 rows at a million notes, read
-- whole by every report over a period holding every note). A note with a segment
-- of its own counts under that segment whatever its org or person, so it is kept
-- as (segment, 0, 0); only a note without one needs its org and person (whose
-- segment is looked up when read).
DROP TRIGGER note_totals_ai;
DROP TRIGGER note_totals_ad;
DROP TRIGGER note_totals_au;
DELETE FROM note_totals_by_account;
INSERT INTO note_totals_by_account
    SELECT coalesce(segment, ''),
           CASE WHEN coalesce(segment, '') <> '' THEN 0 ELSE coalesce(org_id, 0) END,
           CASE WHEN coalesce(segment, '') <> '' THEN 0 ELSE coalesce(person_id, 0) END,
           count(*)
    FROM notes GROUP BY 1, 2, 3;

CREATE TRIGGER note_totals_ai AFTER INSERT ON notes BEGIN
    INSERT INTO note_totals_by_source VALUES (coalesce(new.source, '(none)'), 1)
        ON CONFLICT (source) DO UPDATE SET n = n + 1;
    INSERT INTO note_totals_by_who VALUES (coalesce(new.who, ''), 1)
        ON CONFLICT (who) DO UPDATE SET n = n + 1;
    INSERT INTO note_totals_by_account
        VALUES (coalesce(new.segment, ''),
                CASE WHEN coalesce(new.segment, '') <> '' THEN 0 ELSE coalesce(new.org_id, 0) END,
                CASE WHEN coalesce(new.segment, '') <> '' THEN 0 ELSE coalesce(new.person_id, 0) END, 1)
        ON CONFLICT (segment, org_id, person_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER note_totals_ad AFTER DELETE ON notes BEGIN
    UPDATE note_totals_by_source SET n = n - 1 WHERE source = coalesce(old.source, '(none)');
    DELETE FROM note_totals_by_source WHERE source = coalesce(old.source, '(none)') AND n <= 0;
    UPDATE note_totals_by_who SET n = n - 1 WHERE who = coalesce(old.who, '');
    DELETE FROM note_totals_by_who WHERE who = coalesce(old.who, '') AND n <= 0;
    UPDATE note_totals_by_account SET n = n - 1
        WHERE segment = coalesce(old.segment, '')
          AND org_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.org_id, 0) END
          AND person_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.person_id, 0) END;
    DELETE FROM note_totals_by_account WHERE n <= 0 AND segment = coalesce(old.segment, '')
          AND org_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.org_id, 0) END
          AND person_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.person_id, 0) END;
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
        WHERE segment = coalesce(old.segment, '')
          AND org_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.org_id, 0) END
          AND person_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.person_id, 0) END;
    DELETE FROM note_totals_by_account WHERE n <= 0 AND segment = coalesce(old.segment, '')
          AND org_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.org_id, 0) END
          AND person_id = CASE WHEN coalesce(old.segment, '') <> '' THEN 0 ELSE coalesce(old.person_id, 0) END;
    INSERT INTO note_totals_by_account
        VALUES (coalesce(new.segment, ''),
                CASE WHEN coalesce(new.segment, '') <> '' THEN 0 ELSE coalesce(new.org_id, 0) END,
                CASE WHEN coalesce(new.segment, '') <> '' THEN 0 ELSE coalesce(new.person_id, 0) END, 1)
        ON CONFLICT (segment, org_id, person_id) DO UPDATE SET n = n + 1;
END;

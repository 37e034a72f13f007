-- A story's three clauses are stored as `when`, `want` and `so`, the names the
-- code, the flags (--when, --want, --so) and the JSON use, where they were
-- `situation`, `motivation` and `outcome` (the words for what each holds: the
-- lint and the help keep saying them). `when` is an SQL keyword: it is quoted
-- wherever it is named.
--
-- The search index names its columns as the story table does (an external
-- content index reads the table by its own column names), so it is made again
-- under the new names and rebuilt from the stories, with its triggers. The
-- triggers go first: renaming a column the schema's SQL names would otherwise
-- rewrite them half-way (the index's column list is not the table's).
DROP TRIGGER stories_fts_ai;
DROP TRIGGER stories_fts_ad;
DROP TRIGGER stories_fts_au;
DROP TABLE stories_fts;

ALTER TABLE stories RENAME COLUMN situation TO "when";
ALTER TABLE stories RENAME COLUMN motivation TO want;
ALTER TABLE stories RENAME COLUMN outcome TO so;

CREATE VIRTUAL TABLE stories_fts USING fts5 (
    request, "when", want, so, content = 'stories', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO stories_fts (stories_fts) VALUES ('rebuild');
-- As schema 3 set it for every index (the old index's setting went with it).
INSERT INTO stories_fts (stories_fts, rank) VALUES ('hashsize', 8388608);
CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
    INSERT INTO stories_fts (rowid, request, "when", want, so)
    VALUES (new.id, new.request, new."when", new.want, new.so);
END;
CREATE TRIGGER stories_fts_ad AFTER DELETE ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, request, "when", want, so)
    VALUES ('delete', old.id, old.request, old."when", old.want, old.so);
END;
CREATE TRIGGER stories_fts_au AFTER UPDATE OF request, "when", want, so ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, request, "when", want, so)
    VALUES ('delete', old.id, old.request, old."when", old.want, old.so);
    INSERT INTO stories_fts (rowid, request, "when", want, so)
    VALUES (new.id, new.request, new."when", new.want, new.so);
END;

-- The operation log keeps a story's old values by column name: logged before
-- this upgrade they say the old names, and `pm undo` puts values back into the
-- columns the log names. Each such row is rewritten key by key, in its order,
-- under the new names (only the rows that name one: rescoring logs thousands
-- that name none).
UPDATE ops SET
    old = CASE WHEN old IS NULL THEN NULL ELSE (
        SELECT json_group_object(
            CASE key WHEN 'situation' THEN 'when' WHEN 'motivation' THEN 'want' WHEN 'outcome' THEN 'so'
                     ELSE key END,
            value)
        FROM json_each(ops.old)) END,
    new = CASE WHEN new IS NULL THEN NULL ELSE (
        SELECT json_group_object(
            CASE key WHEN 'situation' THEN 'when' WHEN 'motivation' THEN 'want' WHEN 'outcome' THEN 'so'
                     ELSE key END,
            value)
        FROM json_each(ops.new)) END
WHERE tbl = 'stories'
  AND (instr(old, '"situation"') OR instr(old, '"motivation"') OR instr(old, '"outcome"')
       OR instr(new, '"situation"') OR instr(new, '"motivation"') OR instr(new, '"outcome"'));

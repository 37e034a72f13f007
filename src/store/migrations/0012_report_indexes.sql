-- What a report over a long period reads through an index instead of the whole notebook.
-- Live stories by when they were created: the report counts the stories new since a
-- date (or a meeting) and lists the first few, whatever the notebook's size.
CREATE INDEX stories_live_by_created ON stories (created) WHERE merged_into IS NULL;
-- The last change before a date (`pm report --since DATE`): a range of this index,
-- not a scan of every change.
CREATE INDEX changes_by_at ON changes (at, id);

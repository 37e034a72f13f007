-- `pm log` shows the conflicts each sync resolved: a conflict names the change
-- (the `changes` row of the sync) that recorded it. Conflicts recorded before
-- this column existed go to the sync of the same second, the latest if several.
ALTER TABLE sync_conflicts ADD COLUMN change_id INTEGER;
UPDATE sync_conflicts SET change_id =
    (SELECT max(c.id) FROM changes c WHERE c.command = 'sync' AND c.at = sync_conflicts.at);
CREATE INDEX sync_conflicts_change ON sync_conflicts(change_id);

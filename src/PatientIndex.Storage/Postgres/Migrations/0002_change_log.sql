-- The change sequence replicas follow to keep their in-memory candidate indexes current: one row per
-- record a transaction saved or removed. Writers take one advisory lock just before inserting here
-- and hold it to commit, so sequence order is commit order and a reader that has seen seq N has seen
-- everything before it. A row names the record only; readers join to its current state.
CREATE TABLE change_log (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source     text NOT NULL,
    record_id  text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- Data steward workflow: review task resolutions, steward decisions on record pairs (assertions and
-- labels), and person merges with the records they moved, so a merge can be undone exactly.
-- Plain SQL that PostgreSQL accepts as well; the rules live in PatientIndex.Core, these only persist.
ALTER TABLE review_tasks ADD COLUMN resolution TEXT NULL;
ALTER TABLE review_tasks ADD COLUMN resolved_by TEXT NULL;
ALTER TABLE review_tasks ADD COLUMN resolution_reason TEXT NULL;
CREATE INDEX review_tasks_by_probability ON review_tasks (status, probability);

CREATE TABLE steward_decisions (
    decision_id     TEXT PRIMARY KEY,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    verdict         TEXT NOT NULL,
    left_source     TEXT NOT NULL,
    left_record_id  TEXT NOT NULL,
    right_source    TEXT NOT NULL,
    right_record_id TEXT NOT NULL,
    reason          TEXT NOT NULL,
    task_id         TEXT NULL
);
CREATE INDEX steward_decisions_by_time ON steward_decisions (at, decision_id);

CREATE TABLE person_merges (
    merge_id       TEXT PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    reason         TEXT NOT NULL,
    from_person_id TEXT NOT NULL REFERENCES persons (person_id),
    into_person_id TEXT NOT NULL REFERENCES persons (person_id),
    undone_at      TEXT NULL,
    undone_by      TEXT NULL
);
CREATE INDEX person_merges_by_from ON person_merges (from_person_id);
CREATE INDEX person_merges_by_into ON person_merges (into_person_id);

CREATE TABLE person_merge_records (
    merge_id  TEXT NOT NULL REFERENCES person_merges (merge_id),
    source    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (merge_id, source, record_id)
);

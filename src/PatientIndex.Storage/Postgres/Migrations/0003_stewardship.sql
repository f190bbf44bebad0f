-- Data steward workflow (SQLite's 0002_stewardship.sql in PostgreSQL types): review task resolutions
-- and the deferred status, steward decisions on record pairs (assertions and labels), and person
-- merges with the records they moved, so a merge can be undone exactly. The rules live in
-- PatientIndex.Core; these only persist.
ALTER TABLE review_tasks DROP CONSTRAINT review_tasks_status_check;
ALTER TABLE review_tasks ADD CONSTRAINT review_tasks_status_check CHECK (status IN ('open', 'deferred', 'resolved'));
ALTER TABLE review_tasks ADD COLUMN resolution text NULL;
ALTER TABLE review_tasks ADD COLUMN resolved_by text NULL;
ALTER TABLE review_tasks ADD COLUMN resolution_reason text NULL;
CREATE INDEX review_tasks_by_probability ON review_tasks (status, probability);

CREATE TABLE steward_decisions (
    decision_id     text PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor           text NOT NULL,
    verdict         text NOT NULL,
    left_source     text NOT NULL,
    left_record_id  text NOT NULL,
    right_source    text NOT NULL,
    right_record_id text NOT NULL,
    reason          text NOT NULL,
    task_id         text NULL
);
CREATE INDEX steward_decisions_by_time ON steward_decisions (at, decision_id);

CREATE TABLE person_merges (
    merge_id       text PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor          text NOT NULL,
    reason         text NOT NULL,
    from_person_id text NOT NULL REFERENCES persons (person_id),
    into_person_id text NOT NULL REFERENCES persons (person_id),
    undone_at      timestamptz NULL,
    undone_by      text NULL
);
CREATE INDEX person_merges_by_from ON person_merges (from_person_id);
CREATE INDEX person_merges_by_into ON person_merges (into_person_id);

CREATE TABLE person_merge_records (
    merge_id  text NOT NULL REFERENCES person_merges (merge_id),
    source    text NOT NULL,
    record_id text NOT NULL,
    PRIMARY KEY (merge_id, source, record_id)
);

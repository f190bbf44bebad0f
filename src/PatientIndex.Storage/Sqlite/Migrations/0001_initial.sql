-- Persons, source records with their raw fields, links (membership), the append-only link events,
-- and review tasks. A record belongs to exactly one person: links is keyed by the record.
CREATE TABLE persons (
    person_id  TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    retired_at TEXT NULL
);

CREATE TABLE source_records (
    source        TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    nhs_number    TEXT NULL,
    other_id      TEXT NULL,
    given_name    TEXT NULL,
    middle_names  TEXT NULL,
    family_name   TEXT NULL,
    dob           TEXT NULL,
    sex           TEXT NULL,
    postcode      TEXT NULL,
    address_line1 TEXT NULL,
    address_line2 TEXT NULL,
    city          TEXT NULL,
    phone         TEXT NULL,
    email         TEXT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (source, record_id)
);

CREATE TABLE links (
    source         TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    person_id      TEXT NOT NULL REFERENCES persons (person_id),
    outcome        TEXT NOT NULL,
    probability    REAL NOT NULL,
    model          TEXT NOT NULL,
    confirmed      INTEGER NOT NULL DEFAULT 0,
    review_task_id TEXT NULL,
    linked_at      TEXT NOT NULL,
    PRIMARY KEY (source, record_id),
    FOREIGN KEY (source, record_id) REFERENCES source_records (source, record_id) ON DELETE CASCADE
);
CREATE INDEX links_by_person ON links (person_id);

CREATE TABLE link_events (
    event_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    source         TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    from_person_id TEXT NULL,
    to_person_id   TEXT NULL,
    reason         TEXT NOT NULL,
    model          TEXT NULL,
    probability    REAL NULL,
    actor          TEXT NOT NULL
);
CREATE INDEX link_events_by_record ON link_events (source, record_id);
CREATE INDEX link_events_by_from_person ON link_events (from_person_id) WHERE from_person_id IS NOT NULL;
CREATE INDEX link_events_by_to_person ON link_events (to_person_id) WHERE to_person_id IS NOT NULL;

CREATE TABLE review_tasks (
    task_id     TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    source      TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    probability REAL NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    resolved_at TEXT NULL
);
CREATE INDEX review_tasks_by_status ON review_tasks (status, created_at);

CREATE TABLE review_task_candidates (
    task_id     TEXT NOT NULL REFERENCES review_tasks (task_id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    probability REAL NOT NULL,
    PRIMARY KEY (task_id, source, record_id)
);

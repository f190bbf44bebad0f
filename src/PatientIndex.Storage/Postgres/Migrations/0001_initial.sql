-- Persons, source records with their raw fields, links (membership), the append-only link events,
-- and review tasks: the SQLite schema in PostgreSQL types. A record belongs to exactly one person:
-- links is keyed by the record.
CREATE TABLE persons (
    person_id  text PRIMARY KEY,
    created_at timestamptz NOT NULL,
    retired_at timestamptz NULL
);

CREATE TABLE source_records (
    source        text NOT NULL,
    record_id     text NOT NULL,
    nhs_number    text NULL,
    other_id      text NULL,
    given_name    text NULL,
    middle_names  text NULL,
    family_name   text NULL,
    dob           text NULL,
    sex           text NULL,
    postcode      text NULL,
    address_line1 text NULL,
    address_line2 text NULL,
    city          text NULL,
    phone         text NULL,
    email         text NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (source, record_id)
);

CREATE TABLE links (
    source         text NOT NULL,
    record_id      text NOT NULL,
    person_id      text NOT NULL REFERENCES persons (person_id),
    outcome        text NOT NULL CHECK (outcome IN ('linked', 'new_person', 'review')),
    probability    double precision NOT NULL,
    model          text NOT NULL,
    confirmed      boolean NOT NULL DEFAULT false,
    review_task_id text NULL,
    linked_at      timestamptz NOT NULL,
    PRIMARY KEY (source, record_id),
    FOREIGN KEY (source, record_id) REFERENCES source_records (source, record_id) ON DELETE CASCADE
);
CREATE INDEX links_by_person ON links (person_id);

CREATE TABLE link_events (
    event_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    kind           text NOT NULL,
    source         text NOT NULL,
    record_id      text NOT NULL,
    from_person_id text NULL,
    to_person_id   text NULL,
    reason         text NOT NULL,
    model          text NULL,
    probability    double precision NULL,
    actor          text NOT NULL
);
CREATE INDEX link_events_by_record ON link_events (source, record_id);
CREATE INDEX link_events_by_from_person ON link_events (from_person_id) WHERE from_person_id IS NOT NULL;
CREATE INDEX link_events_by_to_person ON link_events (to_person_id) WHERE to_person_id IS NOT NULL;

CREATE TABLE review_tasks (
    task_id     text PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    source      text NOT NULL,
    record_id   text NOT NULL,
    person_id   text NOT NULL,
    reason      text NOT NULL,
    probability double precision NOT NULL,
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_at timestamptz NULL
);
CREATE INDEX review_tasks_by_status ON review_tasks (status, created_at);

CREATE TABLE review_task_candidates (
    task_id     text NOT NULL REFERENCES review_tasks (task_id) ON DELETE CASCADE,
    source      text NOT NULL,
    record_id   text NOT NULL,
    person_id   text NOT NULL,
    probability double precision NOT NULL,
    PRIMARY KEY (task_id, source, record_id)
);

-- The audit trail: one row per access to patient data (who, which client, when, what was asked, what
-- it did, how it ended), with the records it changed or returned and the persons it touched. An access
-- that changes records is written in the transaction of its change; reads are appended in batches.
-- No foreign keys to the records: the trail outlives a withdrawn record. Append-only: the triggers
-- below refuse every UPDATE and DELETE, so not even a bug in this program can rewrite history.
CREATE TABLE audit_events (
    event_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    actor_name     TEXT NULL,
    client         TEXT NULL,
    client_address TEXT NULL,
    request_id     TEXT NULL,
    action         TEXT NOT NULL,
    operation      TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('success', 'refused', 'failed')),
    outcome_detail TEXT NULL,
    query          TEXT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (at, event_id);
CREATE INDEX audit_events_by_actor ON audit_events (actor, event_id);

-- ordinal keeps the order the access named them in: changed records first, then those returned.
CREATE TABLE audit_event_records (
    event_id  INTEGER NOT NULL REFERENCES audit_events (event_id),
    ordinal   INTEGER NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('changed', 'returned')),
    source    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (event_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX audit_event_records_by_record ON audit_event_records (source, record_id, event_id);

CREATE TABLE audit_event_persons (
    event_id  INTEGER NOT NULL REFERENCES audit_events (event_id),
    ordinal   INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (event_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX audit_event_persons_by_person ON audit_event_persons (person_id, event_id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_records_no_update BEFORE UPDATE ON audit_event_records BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_records_no_delete BEFORE DELETE ON audit_event_records BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_persons_no_update BEFORE UPDATE ON audit_event_persons BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_persons_no_delete BEFORE DELETE ON audit_event_persons BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

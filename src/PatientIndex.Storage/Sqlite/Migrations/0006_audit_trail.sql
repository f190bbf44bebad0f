-- The audit trail: one row per access to patient data (who, which client, when, what was asked, what
-- it did, how it ended), holding the records it changed or returned and the persons it touched as JSON
-- ([[source, record_id], …] and [person_id, …]). audit_event_records and audit_event_persons are their
-- indexes only, one row per record or person an event names (written by the trigger below), so the trail
-- is found by record or person without reading it all. An access that changes records is written in the transaction of its change;
-- reads are appended in batches. No foreign keys to the records: the trail outlives a withdrawn record.
-- Append-only: the triggers below refuse every UPDATE and DELETE, so not even a bug here rewrites history.
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
    query          TEXT NULL,
    changed        TEXT NULL,
    returned       TEXT NULL,
    persons        TEXT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_actor ON audit_events (actor);

CREATE TABLE audit_event_records (
    source    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    event_id  INTEGER NOT NULL,
    PRIMARY KEY (source, record_id, event_id)
) WITHOUT ROWID;

CREATE TABLE audit_event_persons (
    person_id TEXT NOT NULL,
    event_id  INTEGER NOT NULL,
    PRIMARY KEY (person_id, event_id)
) WITHOUT ROWID;

-- The index rows of an event, made with it, so the two cannot disagree.
CREATE TRIGGER audit_events_indexed AFTER INSERT ON audit_events BEGIN
    INSERT OR IGNORE INTO audit_event_records (source, record_id, event_id)
        SELECT value ->> 0, value ->> 1, NEW.event_id FROM json_each(coalesce(NEW.changed, '[]'))
        UNION ALL SELECT value ->> 0, value ->> 1, NEW.event_id FROM json_each(coalesce(NEW.returned, '[]'));
    INSERT OR IGNORE INTO audit_event_persons (person_id, event_id) SELECT value, NEW.event_id FROM json_each(coalesce(NEW.persons, '[]'));
END;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_records_no_update BEFORE UPDATE ON audit_event_records BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_records_no_delete BEFORE DELETE ON audit_event_records BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_persons_no_update BEFORE UPDATE ON audit_event_persons BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_event_persons_no_delete BEFORE DELETE ON audit_event_persons BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

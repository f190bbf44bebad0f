-- The audit trail (SQLite's 0006_audit_trail.sql in PostgreSQL types): one row per access to patient
-- data, holding the records it changed or returned and the persons it touched as JSON text; the two
-- tables after it are their indexes only, one row per record or person an event names. An access that
-- changes records is written in the transaction of its change; reads are appended in batches. No
-- foreign keys to the records: the trail outlives a withdrawn record. Append-only: the trigger refuses
-- UPDATE, DELETE and TRUNCATE for every role that can write here, this program's included.
CREATE TABLE audit_events (
    event_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor          text NOT NULL,
    actor_name     text NULL,
    client         text NULL,
    client_address text NULL,
    request_id     text NULL,
    action         text NOT NULL,
    operation      text NOT NULL,
    outcome        text NOT NULL CHECK (outcome IN ('success', 'refused', 'failed')),
    outcome_detail text NULL,
    query          text NULL,
    changed        text NULL,
    returned       text NULL,
    persons        text NULL
);
CREATE INDEX audit_events_by_time ON audit_events (at, event_id);
CREATE INDEX audit_events_by_actor ON audit_events (actor, event_id);

CREATE TABLE audit_event_records (
    source    text NOT NULL,
    record_id text NOT NULL,
    event_id  bigint NOT NULL,
    PRIMARY KEY (source, record_id, event_id)
);

CREATE TABLE audit_event_persons (
    person_id text NOT NULL,
    event_id  bigint NOT NULL,
    PRIMARY KEY (person_id, event_id)
);

CREATE FUNCTION audit_trail_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_is_append_only();
CREATE TRIGGER audit_event_records_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_is_append_only();
CREATE TRIGGER audit_event_persons_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event_persons
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_is_append_only();

-- The index rows of an audit event (audit_event_records, audit_event_persons) are written by the
-- store's writer, with prepared statements bound to the event's transaction, from the lists it already
-- holds: the trigger of 0006 parsed the JSON it had just been given, three json_each scans an event on
-- the path every match-and-link commits through. The rows are the same; an event and its index rows
-- still commit together, and the append-only triggers stay.
DROP TRIGGER audit_events_indexed;

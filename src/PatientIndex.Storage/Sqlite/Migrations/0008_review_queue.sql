-- The review queue at the size a nightly extract leaves. A page's task ids come from an index alone,
-- in the queue's own order, however deep the page (the rows of the skipped tasks are never read);
-- and a steward's claim on a task, so other stewards see it held. Claims are workflow state, not link
-- changes: a claim is taken, renewed, given up or left to expire in place.
DROP INDEX review_tasks_by_status;
CREATE INDEX review_tasks_by_status ON review_tasks (status, created_at, task_id);
DROP INDEX review_tasks_by_probability;
CREATE INDEX review_tasks_by_probability ON review_tasks (status, probability DESC, created_at, task_id);

CREATE TABLE review_task_claims (
    task_id TEXT PRIMARY KEY REFERENCES review_tasks (task_id) ON DELETE CASCADE,
    steward TEXT NOT NULL,
    held_until TEXT NOT NULL
);

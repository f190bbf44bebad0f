-- Extract jobs, kept so a job outlives the process running it: its spec, where it stands, the lease
-- of the replica running it, and the chunks it has committed (written with each chunk's membership
-- changes). A job is named by the digest of its content and options: submitting it again finds it.
-- upload_bytes is null for a job submitted by path, and the upload's length otherwise.
CREATE TABLE extract_jobs (
    job_id       TEXT PRIMARY KEY,
    digest       TEXT NOT NULL UNIQUE,
    spec         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    submitted_at TEXT NOT NULL,
    chunks_done  INTEGER NOT NULL DEFAULT 0,
    report       TEXT NULL,
    error        TEXT NULL,
    leased_by    TEXT NULL,
    lease_until  TEXT NULL,
    finished_at  TEXT NULL,
    upload_bytes INTEGER NULL
);
-- Leasing scans the unfinished jobs oldest first; finished ones, the many, stay out of this index.
CREATE INDEX extract_jobs_leasable ON extract_jobs (submitted_at, job_id) WHERE state IN ('queued', 'running');
CREATE INDEX extract_jobs_by_submission ON extract_jobs (submitted_at, job_id);

-- An upload in parts of about 1 MiB, numbered from 0, so no value is the whole extract.
CREATE TABLE extract_job_uploads (
    job_id  TEXT NOT NULL REFERENCES extract_jobs (job_id) ON DELETE CASCADE,
    part_no INTEGER NOT NULL,
    bytes   BLOB NOT NULL,
    PRIMARY KEY (job_id, part_no)
);

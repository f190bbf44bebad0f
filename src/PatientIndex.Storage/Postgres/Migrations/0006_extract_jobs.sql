-- Extract jobs (SQLite's 0005_extract_jobs.sql in PostgreSQL types), kept so a job outlives the
-- replica running it: its spec, where it stands, the lease of the replica running it, and the chunks
-- it has committed (written with each chunk's membership changes). A job is named by the digest of
-- its content and options: submitting it again finds it. upload_bytes is null for a job submitted
-- by path, and the upload's length otherwise.
CREATE TABLE extract_jobs (
    job_id       text PRIMARY KEY,
    digest       text NOT NULL UNIQUE,
    spec         text NOT NULL,
    state        text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    submitted_at timestamptz NOT NULL,
    chunks_done  integer NOT NULL DEFAULT 0,
    report       text NULL,
    error        text NULL,
    leased_by    text NULL,
    lease_until  timestamptz NULL,
    finished_at  timestamptz NULL,
    upload_bytes bigint NULL
);
-- Leasing scans the unfinished jobs oldest first; finished ones, the many, stay out of this index.
CREATE INDEX extract_jobs_leasable ON extract_jobs (submitted_at, job_id) WHERE state IN ('queued', 'running');
CREATE INDEX extract_jobs_by_submission ON extract_jobs (submitted_at DESC, job_id DESC);

-- An upload in parts of about 1 MiB, numbered from 0, so no value is the whole extract.
CREATE TABLE extract_job_uploads (
    job_id  text NOT NULL REFERENCES extract_jobs (job_id) ON DELETE CASCADE,
    part_no integer NOT NULL,
    bytes   bytea NOT NULL,
    PRIMARY KEY (job_id, part_no)
);

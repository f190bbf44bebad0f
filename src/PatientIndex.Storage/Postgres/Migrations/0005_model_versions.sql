-- Fellegi–Sunter parameters the store's own records taught: the newest is what every decision uses.
CREATE TABLE model_versions (
    seq bigserial PRIMARY KEY,
    version text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    learnt_by text NOT NULL,
    records bigint NOT NULL,
    parameters text NOT NULL
);

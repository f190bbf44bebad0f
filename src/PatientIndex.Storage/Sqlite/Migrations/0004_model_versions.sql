-- Fellegi–Sunter parameters the store's own records taught: the newest is what every decision uses.
CREATE TABLE model_versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    version TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    learnt_by TEXT NOT NULL,
    records INTEGER NOT NULL,
    parameters TEXT NOT NULL
);

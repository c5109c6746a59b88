-- 0001 (SQLite): the migration record and the durable job queue.
-- Times are integer milliseconds since the Unix epoch (UTC) in every table.
CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  checksum   TEXT    NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT;

CREATE TABLE instance_meta (
  key        TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE jobs (
  id           TEXT    PRIMARY KEY CHECK (length(id) = 32),
  kind         TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  payload      BLOB    NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('ready', 'running', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
  run_after    INTEGER NOT NULL,
  lease_until  INTEGER,
  claimed_by   TEXT,
  last_error   TEXT,
  dedupe_key   TEXT    UNIQUE,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK ((state = 'running') = (lease_until IS NOT NULL AND claimed_by IS NOT NULL))
) STRICT;

CREATE INDEX jobs_due ON jobs (state, run_after);
CREATE INDEX jobs_lease ON jobs (state, lease_until);

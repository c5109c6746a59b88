-- 0001 (PostgreSQL): the migration record and the durable job queue.
-- Times are bigint milliseconds since the Unix epoch (UTC) in every table, as on SQLite.
CREATE TABLE schema_migrations (
  version    integer PRIMARY KEY,
  name       text    NOT NULL,
  checksum   text    NOT NULL,
  applied_at bigint  NOT NULL
);

CREATE TABLE instance_meta (
  key        text   PRIMARY KEY,
  value      text   NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE jobs (
  id           text    PRIMARY KEY CHECK (length(id) = 32),
  kind         text    NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  payload      bytea   NOT NULL,
  state        text    NOT NULL CHECK (state IN ('ready', 'running', 'dead')),
  attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
  run_after    bigint  NOT NULL,
  lease_until  bigint,
  claimed_by   text,
  last_error   text,
  dedupe_key   text    UNIQUE,
  created_at   bigint  NOT NULL,
  updated_at   bigint  NOT NULL,
  CHECK ((state = 'running') = (lease_until IS NOT NULL AND claimed_by IS NOT NULL))
);

CREATE INDEX jobs_due ON jobs (state, run_after);
CREATE INDEX jobs_lease ON jobs (state, lease_until);

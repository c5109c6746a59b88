-- 0004 (SQLite): signed-in staff sessions, the sign-in throttle's failures and the one-time
-- account tokens (invitations, password resets). Secrets are stored only as hashes or
-- wrapped by vault/ (DESIGN.md §3); no address, IP, User-Agent or password.
CREATE TABLE staff_sessions (
  id               TEXT    PRIMARY KEY CHECK (length(id) = 32),
  user_id          TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  secret_hash      BLOB    NOT NULL CHECK (length(secret_hash) = 32),
  wrapped_user_key BLOB    NOT NULL,
  client_label     TEXT    NOT NULL CHECK (length(CAST(client_label AS BLOB)) <= 64),
  created_at       INTEGER NOT NULL,
  last_seen_at     INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL
) STRICT;

-- A user's sessions, newest first; sign-out everywhere.
CREATE INDEX staff_sessions_user ON staff_sessions (user_id, created_at);
-- The sweeper: past the absolute lifetime, or idle too long.
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);
CREATE INDEX staff_sessions_last_seen ON staff_sessions (last_seen_at);

-- One row per failed sign-in. `id` never leaves the database (it lets the sweeper delete
-- in batches).
CREATE TABLE sign_in_failures (
  id          INTEGER PRIMARY KEY,
  account_key BLOB    NOT NULL CHECK (length(account_key) = 32),
  failed_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX sign_in_failures_key ON sign_in_failures (account_key, failed_at);
CREATE INDEX sign_in_failures_failed_at ON sign_in_failures (failed_at);

-- An invitation names no user (the account is made when it is accepted) but a role and the
-- invited address (lookup hash and ciphertext); a password reset names the user and
-- nothing else.
CREATE TABLE account_tokens (
  id               TEXT    PRIMARY KEY CHECK (length(id) = 32),
  kind             TEXT    NOT NULL CHECK (kind IN ('invitation', 'password-reset')),
  secret_hash      BLOB    NOT NULL CHECK (length(secret_hash) = 32),
  org_id           TEXT    NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id          TEXT    REFERENCES users (id) ON DELETE CASCADE,
  role             TEXT
                   CHECK (role IN ('coordinator', 'counsellor', 'editor', 'finance', 'viewer')),
  email_lookup     BLOB,
  email_ciphertext BLOB,
  language         TEXT    NOT NULL CHECK (length(language) = 2),
  issued_by        TEXT    REFERENCES users (id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL,
  -- Explicit IS NOT NULL: a CHECK that comes out NULL passes.
  CHECK ((kind = 'invitation' AND user_id IS NULL AND role IS NOT NULL
          AND email_lookup IS NOT NULL AND length(email_lookup) > 0
          AND email_ciphertext IS NOT NULL)
      OR (kind = 'password-reset' AND user_id IS NOT NULL AND role IS NULL
          AND email_lookup IS NULL AND email_ciphertext IS NULL))
) STRICT;

CREATE INDEX account_tokens_org ON account_tokens (org_id, created_at);
CREATE INDEX account_tokens_user ON account_tokens (user_id);
CREATE INDEX account_tokens_issued_by ON account_tokens (issued_by);
CREATE INDEX account_tokens_expires ON account_tokens (expires_at);
-- At most one pending invitation per organisation and address.
CREATE UNIQUE INDEX account_tokens_pending_invitation ON account_tokens (org_id, email_lookup)
  WHERE kind = 'invitation';

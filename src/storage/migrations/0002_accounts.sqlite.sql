-- 0002 (SQLite): organisations, staff users, memberships, organisation key grants and
-- recovery codes. Secrets are opaque BLOBs sealed or hashed by vault/ (DESIGN.md §3).
CREATE TABLE organisations (
  id         TEXT    PRIMARY KEY CHECK (length(id) = 32),
  name       TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  country    TEXT    NOT NULL CHECK (length(country) = 2),
  city       TEXT    NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  languages  TEXT    NOT NULL CHECK (length(languages) >= 2),
  kind       TEXT    NOT NULL CHECK (kind IN ('member', 'contact-point')),
  public_key BLOB,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id                      TEXT    PRIMARY KEY CHECK (length(id) = 32),
  email_lookup            BLOB    NOT NULL UNIQUE,
  email_ciphertext        BLOB    NOT NULL,
  display_name_ciphertext BLOB,
  preferred_language      TEXT    NOT NULL CHECK (length(preferred_language) = 2),
  disabled                INTEGER NOT NULL CHECK (disabled IN (0, 1)),
  network_admin           INTEGER NOT NULL CHECK (network_admin IN (0, 1)),
  key_envelope            BLOB    NOT NULL,
  public_key              BLOB    NOT NULL,
  totp_envelope           BLOB,
  totp_last_step          INTEGER,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL
) STRICT;

CREATE TABLE memberships (
  user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id     TEXT    NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role       TEXT    NOT NULL
             CHECK (role IN ('coordinator', 'counsellor', 'editor', 'finance', 'viewer')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, org_id)
) STRICT;

CREATE INDEX memberships_org ON memberships (org_id);

-- Only a member holds a grant: leaving the organisation deletes it.
CREATE TABLE org_key_grants (
  org_id                TEXT    NOT NULL,
  user_id               TEXT    NOT NULL,
  sealed_org_secret_key BLOB    NOT NULL,
  granted_by            TEXT    REFERENCES users (id) ON DELETE SET NULL,
  granted_at            INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (user_id, org_id) REFERENCES memberships (user_id, org_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX org_key_grants_user ON org_key_grants (user_id);
CREATE INDEX org_key_grants_granted_by ON org_key_grants (granted_by);

CREATE TABLE recovery_codes (
  user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash  BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, code_hash)
) STRICT;

-- 0002 (PostgreSQL): organisations, staff users, memberships, organisation key grants and
-- recovery codes. Secrets are opaque bytea sealed or hashed by vault/ (DESIGN.md §3).
CREATE TABLE organisations (
  id         text   PRIMARY KEY CHECK (length(id) = 32),
  name       text   NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  country    text   NOT NULL CHECK (length(country) = 2),
  city       text   NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  languages  text   NOT NULL CHECK (length(languages) >= 2),
  kind       text   NOT NULL CHECK (kind IN ('member', 'contact-point')),
  public_key bytea,
  created_at bigint NOT NULL
);

CREATE TABLE users (
  id                      text     PRIMARY KEY CHECK (length(id) = 32),
  email_lookup            bytea    NOT NULL UNIQUE,
  email_ciphertext        bytea    NOT NULL,
  display_name_ciphertext bytea,
  preferred_language      text     NOT NULL CHECK (length(preferred_language) = 2),
  disabled                smallint NOT NULL CHECK (disabled IN (0, 1)),
  network_admin           smallint NOT NULL CHECK (network_admin IN (0, 1)),
  key_envelope            bytea    NOT NULL,
  public_key              bytea    NOT NULL,
  totp_envelope           bytea,
  totp_last_step          bigint,
  created_at              bigint   NOT NULL,
  updated_at              bigint   NOT NULL
);

CREATE TABLE memberships (
  user_id    text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id     text   NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role       text   NOT NULL
             CHECK (role IN ('coordinator', 'counsellor', 'editor', 'finance', 'viewer')),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (user_id, org_id)
);

CREATE INDEX memberships_org ON memberships (org_id);

-- Only a member holds a grant: leaving the organisation deletes it.
CREATE TABLE org_key_grants (
  org_id                text   NOT NULL,
  user_id               text   NOT NULL,
  sealed_org_secret_key bytea  NOT NULL,
  granted_by            text   REFERENCES users (id) ON DELETE SET NULL,
  granted_at            bigint NOT NULL,
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (user_id, org_id) REFERENCES memberships (user_id, org_id) ON DELETE CASCADE
);

CREATE INDEX org_key_grants_user ON org_key_grants (user_id);
CREATE INDEX org_key_grants_granted_by ON org_key_grants (granted_by);

CREATE TABLE recovery_codes (
  user_id    text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash  bytea  NOT NULL,
  created_at bigint NOT NULL,
  used_at    bigint,
  PRIMARY KEY (user_id, code_hash)
);

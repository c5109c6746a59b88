-- 0006 (SQLite): the person on each case (issue 4 §1) and the keyed hashes of their contact
-- handles. The person (alias, names, date of birth, documents, handles) is one envelope
-- sealed under the case's DEK; only BLAKE2b hashes keyed with the instance's pepper (kept
-- outside the database) show "this number contacted us before".

-- One row per case, written with an optimistic version check.
CREATE TABLE case_people (
  case_id       TEXT    PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  org_id        TEXT    NOT NULL REFERENCES organisations (id),
  sealed_person BLOB    NOT NULL CHECK (length(sealed_person) > 0),
  version       INTEGER NOT NULL CHECK (version >= 1),
  updated_at    INTEGER NOT NULL
) STRICT;

-- Replaced as a whole each time the person is saved. `kind` is the hash family
-- (vault::HandleKind), already part of the hash; kept to say "this phone number".
CREATE TABLE case_handles (
  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id  TEXT NOT NULL REFERENCES organisations (id),
  kind    TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'telegram', 'signal')),
  hash    BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (case_id, hash)
) STRICT;

-- "Contacted us before": the organisation's cases holding a hash. Never across
-- organisations: org_id leads every lookup.
CREATE INDEX case_handles_lookup ON case_handles (org_id, hash);

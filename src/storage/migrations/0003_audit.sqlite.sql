-- 0003 (SQLite): the hash-chained audit log (docs/formats/audit-chain.md). Only ids and
-- codes: no names, addresses, IPs or content.
CREATE TABLE audit_entries (
  sequence        INTEGER PRIMARY KEY CHECK (sequence >= 1),
  at              INTEGER NOT NULL,
  actor_kind      TEXT    NOT NULL CHECK (actor_kind IN ('user', 'system', 'anonymous')),
  actor_id        TEXT    CHECK (actor_id IS NULL OR length(actor_id) = 32),
  action          TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  organisation_id TEXT    CHECK (organisation_id IS NULL OR length(organisation_id) = 32),
  object_kind     TEXT    NOT NULL,
  object_id       TEXT    NOT NULL CHECK (object_id = '' OR length(object_id) = 32),
  outcome         TEXT    NOT NULL CHECK (outcome IN ('ok', 'denied')),
  previous_link   BLOB    NOT NULL CHECK (length(previous_link) = 32),
  link            BLOB    NOT NULL CHECK (length(link) = 32)
) STRICT;

-- Coordinators page through their organisation's entries.
CREATE INDEX audit_entries_organisation ON audit_entries (organisation_id, sequence);

-- The newest entry, one row: appenders lock it (on SQLite the single writer already
-- serialises them) and `haven audit verify` compares it with the last entry it read.
CREATE TABLE audit_chain_head (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  sequence INTEGER NOT NULL,
  link     BLOB    NOT NULL CHECK (length(link) = 32)
) STRICT;

INSERT INTO audit_chain_head (id, sequence, link) VALUES (1, 0, zeroblob(32));

-- Append-only, as defence in depth: the keyed chain is what detects a rewrite; these
-- triggers stop the application (or a careless operator) from making one by accident.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
  SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
  SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

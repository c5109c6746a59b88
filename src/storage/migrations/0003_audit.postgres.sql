-- 0003 (PostgreSQL): the hash-chained audit log (docs/formats/audit-chain.md). Only ids and
-- codes: no names, addresses, IPs or content.
CREATE TABLE audit_entries (
  sequence        bigint PRIMARY KEY CHECK (sequence >= 1),
  at              bigint NOT NULL,
  actor_kind      text   NOT NULL CHECK (actor_kind IN ('user', 'system', 'anonymous')),
  actor_id        text   CHECK (actor_id IS NULL OR length(actor_id) = 32),
  action          text   NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  organisation_id text   CHECK (organisation_id IS NULL OR length(organisation_id) = 32),
  object_kind     text   NOT NULL,
  object_id       text   NOT NULL CHECK (object_id = '' OR length(object_id) = 32),
  outcome         text   NOT NULL CHECK (outcome IN ('ok', 'denied')),
  previous_link   bytea  NOT NULL CHECK (length(previous_link) = 32),
  link            bytea  NOT NULL CHECK (length(link) = 32)
);

-- Coordinators page through their organisation's entries.
CREATE INDEX audit_entries_organisation ON audit_entries (organisation_id, sequence);

-- The newest entry, one row: appenders take SELECT ... FOR UPDATE on it, so concurrent
-- appends queue up instead of forking the chain; `haven audit verify` compares it with
-- the last entry it read.
CREATE TABLE audit_chain_head (
  id       smallint PRIMARY KEY CHECK (id = 1),
  sequence bigint   NOT NULL,
  link     bytea    NOT NULL CHECK (length(link) = 32)
);

INSERT INTO audit_chain_head (id, sequence, link) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- Append-only, as defence in depth: the keyed chain is what detects a rewrite; this
-- trigger stops the application (or a careless operator) from making one by accident.
CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only';
END;
$$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change();

CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change();

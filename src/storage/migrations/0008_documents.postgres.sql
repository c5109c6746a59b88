-- 0008 (PostgreSQL): documents attached to cases (issue 4 §3), in the database so every
-- instance serves them, and the audit log's lookup by object ("who opened this case").
-- The file name, detected type and size are sealed under the case's DEK (sealed_details);
-- the content is a vault::FileSealer stream in numbered chunks. Plaintext: ids, who added it
-- and when, and how much is stored.
CREATE TABLE case_documents (
  id             text   PRIMARY KEY CHECK (length(id) = 32),
  org_id         text   NOT NULL REFERENCES organisations (id),
  case_id        text   NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  -- NULL: the system (an intake channel). No SET NULL, as for timeline entries.
  added_by       text   REFERENCES users (id),
  added_at       bigint NOT NULL,
  chunk_count    bigint NOT NULL CHECK (chunk_count >= 1),
  sealed_bytes   bigint NOT NULL CHECK (sealed_bytes >= 1),
  stream_header  bytea  NOT NULL CHECK (length(stream_header) > 0),
  sealed_details bytea  NOT NULL CHECK (length(sealed_details) > 0)
);

-- A case page's documents, newest first.
CREATE INDEX case_documents_case ON case_documents (case_id, added_at, id);

-- One row per sealed chunk of at most 64 KiB + 17 bytes. Chunks are written once and read
-- one at a time; no TOAST compression: ciphertext does not compress.
CREATE TABLE case_document_chunks (
  document_id text   NOT NULL REFERENCES case_documents (id) ON DELETE CASCADE,
  chunk_index bigint NOT NULL CHECK (chunk_index >= 0),
  bytes       bytea  NOT NULL CHECK (length(bytes) > 0),
  PRIMARY KEY (document_id, chunk_index)
);
ALTER TABLE case_document_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- "Who opened this case": a case's entries, newest first, without reading the whole log.
CREATE INDEX audit_entries_object ON audit_entries (object_kind, object_id, sequence);

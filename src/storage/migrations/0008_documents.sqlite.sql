-- 0008 (SQLite): documents attached to cases (issue 4 §3), in the database so every
-- instance serves them, and the audit log's lookup by object ("who opened this case").
-- The file name, detected type and size are sealed under the case's DEK (sealed_details);
-- the content is a vault::FileSealer stream in numbered chunks. Plaintext: ids, who added it
-- and when, and how much is stored.
CREATE TABLE case_documents (
  id             TEXT    PRIMARY KEY CHECK (length(id) = 32),
  org_id         TEXT    NOT NULL REFERENCES organisations (id),
  case_id        TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  -- NULL: the system (an intake channel). No SET NULL, as for timeline entries.
  added_by       TEXT    REFERENCES users (id),
  added_at       INTEGER NOT NULL,
  chunk_count    INTEGER NOT NULL CHECK (chunk_count >= 1),
  sealed_bytes   INTEGER NOT NULL CHECK (sealed_bytes >= 1),
  stream_header  BLOB    NOT NULL CHECK (length(stream_header) > 0),
  sealed_details BLOB    NOT NULL CHECK (length(sealed_details) > 0)
) STRICT;

-- A case page's documents, newest first.
CREATE INDEX case_documents_case ON case_documents (case_id, added_at, id);

-- One row per sealed chunk of at most 64 KiB + 17 bytes.
CREATE TABLE case_document_chunks (
  document_id TEXT    NOT NULL REFERENCES case_documents (id) ON DELETE CASCADE,
  chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
  bytes       BLOB    NOT NULL CHECK (length(bytes) > 0),
  PRIMARY KEY (document_id, chunk_index)
) STRICT;

-- "Who opened this case": a case's entries, newest first, without reading the whole log.
CREATE INDEX audit_entries_object ON audit_entries (object_kind, object_id, sequence);

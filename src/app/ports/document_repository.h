// The documents port: files attached to a case (issue 4 §3), stored in the database so
// every instance sharing it serves them. A document is a row of plaintext bookkeeping (ids,
// who added it and when, how much is stored) with its details (file name, detected type,
// size) sealed under the case's DEK, and its content as a vault::FileSealer stream split
// into numbered chunks. Reached through Transaction::documents(); engines implement it in
// storage/. Everything sensitive arrives sealed by vault/ and is kept as opaque bytes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"

namespace haven::app {

struct StoredDocument {
  domain::DocumentId id;
  domain::OrgId org;
  domain::CaseId case_id;
  std::optional<domain::UserId> added_by;  // nullopt: the system (an intake channel)
  std::chrono::system_clock::time_point added_at;
  std::int64_t chunk_count = 0;              // sealed chunks stored, numbered 0..chunk_count-1
  std::int64_t sealed_bytes = 0;             // their total size: what the document costs on disk
  std::vector<std::uint8_t> stream_header;   // vault::FileSealer::header()
  std::vector<std::uint8_t> sealed_details;  // name, type, size: vault::seal_field
};

// No permission checks here: use cases call app/policy.h first. Errors: NotFound for an
// unknown id, or a case or document of another organisation (the same answer, DESIGN.md
// §3); Conflict on a taken id; InvalidInput for what the database would refuse;
// Unavailable when the database does not answer.
class DocumentRepository {
 public:
  virtual ~DocumentRepository() = default;

  // Stores the document's row and its chunks (chunk i at index i), in the caller's
  // transaction. `chunks` must hold record.chunk_count chunks of record.sealed_bytes bytes
  // in all. NotFound for an unknown case of record.org, or an unknown added_by.
  virtual Result<void> add(StoredDocument const& record,
                           std::span<std::vector<std::uint8_t> const> chunks) = 0;

  // The document `id` of case `case_id` of `org`.
  virtual Result<StoredDocument> find(domain::OrgId const& org, domain::CaseId const& case_id,
                                      domain::DocumentId const& id) = 0;

  // The case's documents, newest first (ties by id); at most `limit` (1..500).
  virtual Result<std::vector<StoredDocument>> list(domain::OrgId const& org,
                                                   domain::CaseId const& case_id,
                                                   std::size_t limit) = 0;
  virtual Result<std::int64_t> count(domain::OrgId const& org, domain::CaseId const& case_id) = 0;

  // Chunk `index` of document `id`: NotFound past its last one. Read one at a time, so a
  // download holds one chunk of ciphertext besides what it has opened.
  virtual Result<std::vector<std::uint8_t>> chunk(domain::DocumentId const& id,
                                                  std::int64_t index) = 0;
};

}  // namespace haven::app

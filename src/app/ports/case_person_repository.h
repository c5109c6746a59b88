// The person on a case (issue 4 §1): one sealed envelope per case and the keyed hashes of
// the person's normalised contact handles, which answer "this number contacted us before"
// within one organisation. Reached through Transaction::case_people(); engines implement it
// in storage/. The envelope and the hashes arrive from vault/ as opaque bytes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/case.h"
#include "domain/ids.h"

namespace haven::app {

// The person of one case as stored. `version` is 1 after the first save and grows by one
// with each save, so two counsellors never silently overwrite each other's edits.
struct StoredPerson {
  domain::CaseId case_id;
  domain::OrgId org;
  std::string sealed;  // the Person sealed under the case's DEK (AAD = case id + "person")
  std::int64_t version = 1;
  std::chrono::system_clock::time_point updated_at;
};

// Which hash family a handle hash belongs to: "phone", "email", "telegram", "signal" (the
// vault::HandleKind it was hashed under, in stored words).
struct HandleMark {
  std::string kind;
  std::string hash;  // vault::HandleHash, 32 bytes
};

// A case of the organisation that holds one of the hashes asked about.
struct MarkedCase {
  std::string hash;  // which of the hashes asked about it holds
  domain::CaseId case_id;
  std::string number;
  domain::CaseStatus status = domain::CaseStatus::New;
  std::chrono::system_clock::time_point created_at;
};

// No permission checks here. Errors: NotFound for a case that is not `org`'s (unknown or
// another organisation's: the same answer); Conflict for a stale version; InvalidInput for
// values the schema refuses (empty envelope, a hash that is not 32 bytes, an unknown kind);
// Unavailable when the database does not answer.
class CasePersonRepository {
 public:
  virtual ~CasePersonRepository() = default;

  // The person of the case, nullopt while none has been recorded.
  virtual Result<std::optional<StoredPerson>> find(domain::OrgId const& org,
                                                   domain::CaseId const& id) = 0;

  // Stores `person` (its version and org ignored: version becomes expected_version + 1) if
  // the stored version is still `expected_version` (0: no person yet), and replaces the
  // case's handle hashes with `marks` (duplicates collapse). Conflict ("changed meanwhile")
  // otherwise, with nothing written.
  virtual Result<void> save(domain::OrgId const& org, StoredPerson const& person,
                            std::int64_t expected_version,
                            std::vector<HandleMark> const& marks) = 0;

  // The cases of `org` holding any of `hashes`, except `except` (the case being looked
  // at), newest first, at most `limit` (1..500) rows; a case holding two of the hashes
  // appears once per hash. Never another organisation's case.
  virtual Result<std::vector<MarkedCase>> cases_with(domain::OrgId const& org,
                                                     std::vector<std::string> const& hashes,
                                                     std::optional<domain::CaseId> const& except,
                                                     std::size_t limit) = 0;
};

}  // namespace haven::app

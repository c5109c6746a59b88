// The person-on-a-case repository (the sealed person and its handle hashes; migration 0006)
// over one transaction's SqlConnection, written once for both engines. Envelopes and
// hashes are stored as the opaque bytes vault/ produced. Lives as long as the
// SqlTransaction that owns it.
#pragma once

#include "app/ports/case_person_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// Beyond the port's contract: save() refuses with InvalidInput, before touching the
// database, an empty envelope, a negative expected version, more than kMaxHandleMarks
// marks, a hash that is not 32 bytes or an unknown kind; cases_with() takes at most
// kMaxHandleMarks hashes (InvalidInput beyond) and clamps the limit to 1..500. A stored row
// that does not parse reads as Corruption.
class SqlCasePersonRepository final : public app::CasePersonRepository {
 public:
  static constexpr std::size_t kMaxHandleMarks = 50;

  explicit SqlCasePersonRepository(SqlConnection& conn) : conn_(conn) {}

  Result<std::optional<app::StoredPerson>> find(domain::OrgId const& org,
                                                domain::CaseId const& id) override;
  Result<void> save(domain::OrgId const& org, app::StoredPerson const& person,
                    std::int64_t expected_version,
                    std::vector<app::HandleMark> const& marks) override;
  Result<std::vector<app::MarkedCase>> cases_with(domain::OrgId const& org,
                                                  std::vector<std::string> const& hashes,
                                                  std::optional<domain::CaseId> const& except,
                                                  std::size_t limit) override;

 private:
  SqlConnection& conn_;
};

}  // namespace haven::storage

// The cases repository (cases, the case number sequence, the timeline; migration 0005) over
// one transaction's SqlConnection, written once for both engines. Sealed keys and entry
// contents are stored as the opaque bytes vault/ produced. Lives as long as the
// SqlTransaction that owns it.
#pragma once

#include <string>

#include "app/ports/case_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// Beyond the port's contract: add() and update() refuse with InvalidInput, before touching
// the database, metadata domain::validate refuses, unknown topic or urgency bits, a number
// that is not 1-32 bytes, an empty sealed key; append_entry() an empty sealed content.
// NotFound also for an unknown assignee or author, entries()/count_entries() of an unknown
// case and next_case_sequence() of an unknown organisation; InvalidInput for a year outside
// 1-9999. list() pages are at most 500 cases, entries() pages at most 1000 entries (larger
// limits are clamped; 0 gives an empty page). A stored row with an unknown word or flag
// bit reads as Corruption.
class SqlCaseRepository final : public app::CaseRepository {
 public:
  explicit SqlCaseRepository(SqlConnection& conn) : conn_(conn) {}

  Result<std::int64_t> next_case_sequence(domain::OrgId const& org, int year) override;
  Result<void> add(domain::Case const& record,
                   std::vector<std::uint8_t> const& sealed_key) override;
  Result<domain::Case> find(domain::OrgId const& org, domain::CaseId const& id) override;
  Result<domain::Case> find_by_number(domain::OrgId const& org, std::string_view number) override;
  Result<std::vector<std::uint8_t>> sealed_key(domain::OrgId const& org,
                                               domain::CaseId const& id) override;
  Result<void> update(domain::Case const& record) override;
  Result<std::vector<domain::Case>> list(app::CaseQuery const& query) override;
  Result<std::int64_t> count(app::CaseQuery const& query) override;
  Result<std::int64_t> count_up_to(app::CaseQuery const& query, std::int64_t at_most) override;
  Result<void> append_entry(app::TimelineEntry const& entry) override;
  Result<std::vector<app::TimelineEntry>> entries(domain::CaseId const& id, std::size_t limit,
                                                  std::size_t offset) override;
  Result<std::int64_t> count_entries(domain::CaseId const& id) override;
  Result<bool> reseal_entry(domain::CaseId const& case_id, domain::EntryId const& id,
                            std::vector<std::uint8_t> const& content) override;

 private:
  // NotFound ("no such case") unless `id` exists (of `org`, when given).
  Result<void> require_case(domain::CaseId const& id, domain::OrgId const* org);
  // NotFound ("no such user") unless `user` is unset or exists.
  Result<void> require_user(std::optional<domain::UserId> const& user);

  SqlConnection& conn_;
};

// The statements list() and count_up_to() prepare for `query` (values as $n placeholders):
// tests ask the planner whether each queue uses its index (migration 0009).
std::string queue_page_sql(app::CaseQuery const& query);
std::string queue_count_sql(app::CaseQuery const& query);

}  // namespace haven::storage

// The deadlines repository (migration 0007) over one transaction's SqlConnection, written
// once for both engines. Notes are stored as the opaque bytes vault/ produced. Lives as long
// as the SqlTransaction that owns it.
#pragma once

#include "app/ports/deadline_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// Beyond the port's contract: add() refuses with InvalidInput, before touching the
// database, a day outside 1000-01-01..9999-12-31 or not in the calendar, a time of day
// outside 00:00-23:59 or on a kind other than callback; NotFound "no such user" for an
// unknown creator. A stored row with an unknown word or a bad day reads as Corruption.
class SqlDeadlineRepository final : public app::DeadlineRepository {
 public:
  explicit SqlDeadlineRepository(SqlConnection& conn) : conn_(conn) {}

  Result<void> add(app::StoredDeadline const& record) override;
  Result<app::StoredDeadline> find(domain::OrgId const& org, domain::CaseId const& case_id,
                                   domain::DeadlineId const& id) override;
  Result<std::vector<app::StoredDeadline>> of_case(domain::OrgId const& org,
                                                   domain::CaseId const& case_id,
                                                   std::size_t limit) override;
  Result<bool> mark_done(domain::OrgId const& org, domain::CaseId const& case_id,
                         domain::DeadlineId const& id, std::chrono::system_clock::time_point at,
                         domain::UserId const& by) override;
  Result<std::vector<app::AgendaLine>> agenda(domain::OrgId const& org,
                                              domain::UserId const& assignee, domain::Day through,
                                              std::size_t limit) override;
  Result<app::AgendaCounts> count_agenda(domain::OrgId const& org, domain::UserId const& assignee,
                                         domain::Day today) override;

 private:
  // NotFound ("no such user") unless `user` exists.
  Result<void> require_user(domain::UserId const& user);

  SqlConnection& conn_;
};

}  // namespace haven::storage

// The audit repository over one transaction's SqlConnection, written once for both engines
// (the head lock differs: see lock_head). Stores entries as given: links are computed by
// app/audit_log.h, which holds the key. Lives as long as the SqlTransaction that owns it.
#pragma once

#include "app/ports/audit_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

class SqlAudit final : public app::AuditRepository {
 public:
  explicit SqlAudit(SqlConnection& conn) : conn_(conn) {}

  Result<app::AuditHead> lock_head() override;
  Result<app::AuditHead> read_head() override;
  Result<void> append(app::AuditEntry const& entry) override;
  Result<std::vector<app::AuditEntry>> list(std::optional<domain::OrgId> const& organisation,
                                            std::int64_t after_sequence,
                                            std::size_t limit) override;
  // At most 500 entries (larger limits are clamped).
  Result<std::vector<app::AuditEntry>> list_about(app::AuditObjectQuery const& query,
                                                  std::size_t limit) override;
  Result<std::int64_t> count_about(app::AuditObjectQuery const& query) override;

 private:
  Result<app::AuditHead> head(Statement const& statement);
  SqlConnection& conn_;
};

}  // namespace haven::storage

// The organisations repository over one transaction's SqlConnection, written once for both
// engines. Lives as long as the SqlTransaction that owns it.
#pragma once

#include "app/ports/organisation_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

class SqlOrganisations final : public app::OrganisationRepository {
 public:
  explicit SqlOrganisations(SqlConnection& conn) : conn_(conn) {}

  Result<void> add(domain::Organisation const& organisation) override;
  Result<domain::Organisation> find(domain::OrgId const& id) override;
  Result<std::vector<domain::Organisation>> list() override;
  Result<void> set_public_key(domain::OrgId const& id, std::string_view public_key) override;

 private:
  SqlConnection& conn_;
};

}  // namespace haven::storage

// The staff repository (users, memberships, org key grants, recovery codes) over one
// transaction's SqlConnection, written once for both engines. Secrets are stored as the
// opaque bytes vault/ produced. Lives as long as the SqlTransaction that owns it.
#pragma once

#include "app/ports/staff_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

class SqlStaff final : public app::StaffRepository {
 public:
  explicit SqlStaff(SqlConnection& conn) : conn_(conn) {}

  Result<void> add_user(app::StaffUser const& user) override;
  Result<app::StaffUser> find_user(domain::UserId const& id) override;
  Result<app::StaffUser> find_user_by_email_lookup(std::string_view email_lookup) override;
  Result<void> rewrap_key(domain::UserId const& id, std::string_view key_envelope,
                          app::TimePoint now) override;
  Result<void> replace_keys(domain::UserId const& id, std::string_view key_envelope,
                            std::string_view public_key, app::TimePoint now) override;
  Result<void> set_totp(domain::UserId const& id, std::optional<std::string_view> envelope,
                        app::TimePoint now) override;
  Result<void> record_totp_step(domain::UserId const& id, std::int64_t step) override;
  Result<void> set_state(domain::UserId const& id, domain::AccountState state,
                         app::TimePoint now) override;
  Result<void> set_network_admin(domain::UserId const& id, domain::NetworkAdmin admin,
                                 app::TimePoint now) override;
  Result<void> set_preferred_language(domain::UserId const& id, domain::Language language,
                                      app::TimePoint now) override;

  Result<void> add_membership(domain::UserId const& user, domain::OrgId const& org,
                              domain::Role role, app::TimePoint now) override;
  Result<void> change_role(domain::UserId const& user, domain::OrgId const& org, domain::Role role,
                           app::TimePoint now) override;
  Result<void> remove_membership(domain::UserId const& user, domain::OrgId const& org) override;
  Result<std::vector<domain::Membership>> memberships_of(domain::UserId const& user) override;
  Result<std::vector<app::StaffMember>> members_of(domain::OrgId const& org) override;

  Result<void> grant_org_key(app::OrgKeyGrant const& grant) override;
  Result<app::OrgKeyGrant> find_org_key_grant(domain::OrgId const& org,
                                              domain::UserId const& user) override;
  Result<void> revoke_org_key(domain::OrgId const& org, domain::UserId const& user) override;

  Result<void> replace_recovery_codes(domain::UserId const& user,
                                      std::span<std::string const> code_hashes,
                                      app::TimePoint now) override;
  Result<void> use_recovery_code(domain::UserId const& user, std::string_view code_hash,
                                 app::TimePoint now) override;
  Result<int> count_unused_recovery_codes(domain::UserId const& user) override;

 private:
  // Runs an UPDATE/DELETE that must touch exactly one row; NotFound with `what` otherwise.
  Result<void> touch_one(Statement const& statement, std::initializer_list<SqlParam> params,
                         std::string_view what);
  Result<bool> exists(Statement const& statement, std::initializer_list<SqlParam> params);

  SqlConnection& conn_;
};

}  // namespace haven::storage

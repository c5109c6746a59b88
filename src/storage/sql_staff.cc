#include "storage/sql_staff.h"

#include <string>

#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_USER_COLUMNS                                                             \
  "id, email_lookup, email_ciphertext, display_name_ciphertext, preferred_language, "  \
  "disabled, network_admin, key_envelope, public_key, totp_envelope, totp_last_step, " \
  "created_at, updated_at"

// Inserts use ON CONFLICT DO NOTHING and report duplicates by row count, so a Conflict
// leaves the transaction usable on PostgreSQL too.
constexpr Statement kInsertUser{"users.insert",
                                "INSERT INTO users (" HAVEN_USER_COLUMNS
                                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                                "$12, $13) ON CONFLICT DO NOTHING"};
constexpr Statement kFindUser{"users.find",
                              "SELECT " HAVEN_USER_COLUMNS " FROM users WHERE id = $1"};
constexpr Statement kFindUserByEmail{
    "users.find_by_email", "SELECT " HAVEN_USER_COLUMNS " FROM users WHERE email_lookup = $1"};
constexpr Statement kUserExists{"users.exists", "SELECT count(*) FROM users WHERE id = $1"};
constexpr Statement kReplaceKeys{
    "users.replace_keys",
    "UPDATE users SET key_envelope = $2, public_key = $3, updated_at = $4 WHERE id = $1"};
constexpr Statement kRewrapKey{"users.rewrap_key",
                               "UPDATE users SET key_envelope = $2, updated_at = $3 WHERE id = $1"};
constexpr Statement kDropUserGrants{"org_key_grants.drop_user",
                                    "DELETE FROM org_key_grants WHERE user_id = $1"};
constexpr Statement kSetTotp{"users.set_totp",
                             "UPDATE users SET totp_envelope = $2, totp_last_step = NULL, "
                             "updated_at = $3 WHERE id = $1"};
constexpr Statement kRecordTotpStep{"users.record_totp_step",
                                    "UPDATE users SET totp_last_step = $2 WHERE id = $1 "
                                    "AND (totp_last_step IS NULL OR totp_last_step < $2)"};
constexpr Statement kSetDisabled{"users.set_disabled",
                                 "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1"};
constexpr Statement kSetNetworkAdmin{
    "users.set_network_admin",
    "UPDATE users SET network_admin = $2, updated_at = $3 WHERE id = $1"};
constexpr Statement kSetLanguage{
    "users.set_language",
    "UPDATE users SET preferred_language = $2, updated_at = $3 WHERE id = $1"};

constexpr Statement kOrgExists{"organisations.exists",
                               "SELECT count(*) FROM organisations WHERE id = $1"};
constexpr Statement kInsertMembership{
    "memberships.insert",
    "INSERT INTO memberships (user_id, org_id, role, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING"};
constexpr Statement kChangeRole{
    "memberships.change_role",
    "UPDATE memberships SET role = $3, updated_at = $4 WHERE user_id = $1 AND org_id = $2"};
// The member's grant of this organisation's key goes with it (foreign key, ON DELETE CASCADE).
constexpr Statement kDeleteMembership{"memberships.delete",
                                      "DELETE FROM memberships WHERE user_id = $1 AND org_id = $2"};
constexpr Statement kMembershipExists{
    "memberships.exists", "SELECT count(*) FROM memberships WHERE user_id = $1 AND org_id = $2"};
constexpr Statement kMembershipsOf{
    "memberships.of_user",
    "SELECT org_id, role FROM memberships WHERE user_id = $1 ORDER BY org_id"};
constexpr Statement kMembersOf{
    "memberships.of_org",
    "SELECT user_id, role FROM memberships WHERE org_id = $1 ORDER BY user_id"};

constexpr Statement kInsertGrant{
    "org_key_grants.insert",
    "INSERT INTO org_key_grants (org_id, user_id, sealed_org_secret_key, granted_by, granted_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"};
constexpr Statement kFindGrant{
    "org_key_grants.find",
    "SELECT sealed_org_secret_key, granted_by, granted_at FROM org_key_grants "
    "WHERE org_id = $1 AND user_id = $2"};
constexpr Statement kDeleteGrant{"org_key_grants.delete",
                                 "DELETE FROM org_key_grants WHERE org_id = $1 AND user_id = $2"};

constexpr Statement kDeleteCodes{"recovery_codes.delete_user",
                                 "DELETE FROM recovery_codes WHERE user_id = $1"};
constexpr Statement kInsertCode{
    "recovery_codes.insert",
    "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)"};
constexpr Statement kUseCode{"recovery_codes.use",
                             "UPDATE recovery_codes SET used_at = $3 "
                             "WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL"};
constexpr Statement kCountCodes{
    "recovery_codes.count_unused",
    "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"};

SqlParam optional_blob(std::optional<std::string> const& value) {
  if (!value) return nullptr;
  return Blob{*value};
}

std::int64_t flag(bool on) { return on ? 1 : 0; }

// Columns as in HAVEN_USER_COLUMNS.
Result<app::StaffUser> read_user(SqlRow const& row) {
  auto id = domain::UserId::parse(row.text(0));
  auto language = domain::parse_language(row.text(4));
  if (!id || !language) return make_error(ErrorCode::Corruption, "users row has a bad id");
  app::StaffUser user{
      .id = *id,
      .email_lookup = row.text(1),
      .email_ciphertext = row.text(2),
      .display_name_ciphertext = std::nullopt,
      .preferred_language = *language,
      .state = row.int64(5) != 0 ? domain::AccountState::Disabled : domain::AccountState::Active,
      .network_admin = row.int64(6) != 0 ? domain::NetworkAdmin::Yes : domain::NetworkAdmin::No,
      .key_envelope = row.text(7),
      .public_key = row.text(8),
      .totp_envelope = std::nullopt,
      .totp_last_step = std::nullopt,
      .created_at = from_millis(row.int64(11)),
      .updated_at = from_millis(row.int64(12))};
  if (!row.is_null(3)) user.display_name_ciphertext = row.text(3);
  if (!row.is_null(9)) user.totp_envelope = row.text(9);
  if (!row.is_null(10)) user.totp_last_step = row.int64(10);
  return user;
}

Result<app::StaffUser> read_one_user(Result<SqlResult> result) {
  if (!result) return std::move(result).error();
  if (result->rows.empty()) return make_error(ErrorCode::NotFound, "no such user");
  return read_user(result->rows.front());
}

Result<domain::Role> read_role(std::string const& text) {
  auto role = domain::parse_role(text);
  if (!role) return make_error(ErrorCode::Corruption, "memberships row has a bad role");
  return *role;
}

}  // namespace

Result<void> SqlStaff::touch_one(Statement const& statement, std::initializer_list<SqlParam> params,
                                 std::string_view what) {
  auto done = conn_.execute(statement, params);
  if (!done) return std::move(done).error();
  if (done->affected_rows != 1) return make_error(ErrorCode::NotFound, std::string(what));
  return {};
}

Result<bool> SqlStaff::exists(Statement const& statement, std::initializer_list<SqlParam> params) {
  auto found = conn_.execute(statement, params);
  if (!found) return std::move(found).error();
  return !found->rows.empty() && found->rows[0].int64(0) > 0;
}

Result<void> SqlStaff::add_user(app::StaffUser const& user) {
  SqlParam last_step = nullptr;
  if (user.totp_last_step) last_step = *user.totp_last_step;
  auto inserted = conn_.execute(
      kInsertUser,
      {user.id.str(), Blob{user.email_lookup}, Blob{user.email_ciphertext},
       optional_blob(user.display_name_ciphertext), domain::code(user.preferred_language),
       flag(user.state == domain::AccountState::Disabled),
       flag(user.network_admin == domain::NetworkAdmin::Yes), Blob{user.key_envelope},
       Blob{user.public_key}, optional_blob(user.totp_envelope), last_step,
       to_millis(user.created_at), to_millis(user.updated_at)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "a user with this id or email exists");
  }
  return {};
}

Result<app::StaffUser> SqlStaff::find_user(domain::UserId const& id) {
  return read_one_user(conn_.execute(kFindUser, {id.str()}));
}

Result<app::StaffUser> SqlStaff::find_user_by_email_lookup(std::string_view email_lookup) {
  return read_one_user(conn_.execute(kFindUserByEmail, {Blob{email_lookup}}));
}

Result<void> SqlStaff::replace_keys(domain::UserId const& id, std::string_view key_envelope,
                                    std::string_view public_key, app::TimePoint now) {
  auto updated =
      touch_one(kReplaceKeys, {id.str(), Blob{key_envelope}, Blob{public_key}, to_millis(now)},
                "no such user");
  if (!updated) return updated;
  auto dropped = conn_.execute(kDropUserGrants, {id.str()});
  if (!dropped) return std::move(dropped).error();
  return {};
}

Result<void> SqlStaff::rewrap_key(domain::UserId const& id, std::string_view key_envelope,
                                  app::TimePoint now) {
  return touch_one(kRewrapKey, {id.str(), Blob{key_envelope}, to_millis(now)}, "no such user");
}

Result<void> SqlStaff::set_totp(domain::UserId const& id, std::optional<std::string_view> envelope,
                                app::TimePoint now) {
  SqlParam value = nullptr;
  if (envelope) value = Blob{*envelope};
  return touch_one(kSetTotp, {id.str(), value, to_millis(now)}, "no such user");
}

Result<void> SqlStaff::record_totp_step(domain::UserId const& id, std::int64_t step) {
  auto updated = conn_.execute(kRecordTotpStep, {id.str(), step});
  if (!updated) return std::move(updated).error();
  if (updated->affected_rows == 1) return {};
  auto known = exists(kUserExists, {id.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such user");
  return make_error(ErrorCode::Conflict, "TOTP step already used");
}

Result<void> SqlStaff::set_state(domain::UserId const& id, domain::AccountState state,
                                 app::TimePoint now) {
  return touch_one(kSetDisabled,
                   {id.str(), flag(state == domain::AccountState::Disabled), to_millis(now)},
                   "no such user");
}

Result<void> SqlStaff::set_network_admin(domain::UserId const& id, domain::NetworkAdmin admin,
                                         app::TimePoint now) {
  return touch_one(kSetNetworkAdmin,
                   {id.str(), flag(admin == domain::NetworkAdmin::Yes), to_millis(now)},
                   "no such user");
}

Result<void> SqlStaff::set_preferred_language(domain::UserId const& id, domain::Language language,
                                              app::TimePoint now) {
  return touch_one(kSetLanguage, {id.str(), domain::code(language), to_millis(now)},
                   "no such user");
}

Result<void> SqlStaff::add_membership(domain::UserId const& user, domain::OrgId const& org,
                                      domain::Role role, app::TimePoint now) {
  auto user_known = exists(kUserExists, {user.str()});
  if (!user_known) return std::move(user_known).error();
  auto org_known = exists(kOrgExists, {org.str()});
  if (!org_known) return std::move(org_known).error();
  if (!*user_known || !*org_known) {
    return make_error(ErrorCode::NotFound, "no such user or organisation");
  }
  auto inserted = conn_.execute(kInsertMembership,
                                {user.str(), org.str(), domain::to_string(role), to_millis(now)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "already a member of this organisation");
  }
  return {};
}

Result<void> SqlStaff::change_role(domain::UserId const& user, domain::OrgId const& org,
                                   domain::Role role, app::TimePoint now) {
  return touch_one(kChangeRole, {user.str(), org.str(), domain::to_string(role), to_millis(now)},
                   "no such membership");
}

Result<void> SqlStaff::remove_membership(domain::UserId const& user, domain::OrgId const& org) {
  return touch_one(kDeleteMembership, {user.str(), org.str()}, "no such membership");
}

Result<std::vector<domain::Membership>> SqlStaff::memberships_of(domain::UserId const& user) {
  auto rows = conn_.execute(kMembershipsOf, {user.str()});
  if (!rows) return std::move(rows).error();
  std::vector<domain::Membership> out;
  for (auto const& row : rows->rows) {
    auto org = domain::OrgId::parse(row.text(0));
    auto role = read_role(row.text(1));
    if (!org || !role) return make_error(ErrorCode::Corruption, "memberships row is damaged");
    out.push_back({*org, *role});
  }
  return out;
}

Result<std::vector<app::StaffMember>> SqlStaff::members_of(domain::OrgId const& org) {
  auto rows = conn_.execute(kMembersOf, {org.str()});
  if (!rows) return std::move(rows).error();
  std::vector<app::StaffMember> out;
  for (auto const& row : rows->rows) {
    auto user = domain::UserId::parse(row.text(0));
    auto role = read_role(row.text(1));
    if (!user || !role) return make_error(ErrorCode::Corruption, "memberships row is damaged");
    out.push_back({*user, *role});
  }
  return out;
}

Result<void> SqlStaff::grant_org_key(app::OrgKeyGrant const& grant) {
  auto member = exists(kMembershipExists, {grant.user.str(), grant.org.str()});
  if (!member) return std::move(member).error();
  if (!*member) return make_error(ErrorCode::NotFound, "no such membership");
  SqlParam granted_by = nullptr;
  if (grant.granted_by) granted_by = std::string_view(grant.granted_by->str());
  auto inserted = conn_.execute(
      kInsertGrant, {grant.org.str(), grant.user.str(), Blob{grant.sealed_org_secret_key},
                     granted_by, to_millis(grant.granted_at)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "this member already holds the organisation key");
  }
  return {};
}

Result<app::OrgKeyGrant> SqlStaff::find_org_key_grant(domain::OrgId const& org,
                                                      domain::UserId const& user) {
  auto found = conn_.execute(kFindGrant, {org.str(), user.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return make_error(ErrorCode::NotFound, "no such key grant");
  auto const& row = found->rows.front();
  std::optional<domain::UserId> granted_by;
  if (!row.is_null(1)) {
    granted_by = domain::UserId::parse(row.text(1));
    if (!granted_by) return make_error(ErrorCode::Corruption, "org_key_grants row is damaged");
  }
  return app::OrgKeyGrant{.org = org,
                          .user = user,
                          .sealed_org_secret_key = row.text(0),
                          .granted_by = std::move(granted_by),
                          .granted_at = from_millis(row.int64(2))};
}

Result<void> SqlStaff::revoke_org_key(domain::OrgId const& org, domain::UserId const& user) {
  return touch_one(kDeleteGrant, {org.str(), user.str()}, "no such key grant");
}

Result<void> SqlStaff::replace_recovery_codes(domain::UserId const& user,
                                              std::span<std::string const> code_hashes,
                                              app::TimePoint now) {
  auto known = exists(kUserExists, {user.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such user");
  if (auto deleted = conn_.execute(kDeleteCodes, {user.str()}); !deleted) {
    return std::move(deleted).error();
  }
  for (auto const& hash : code_hashes) {
    auto inserted = conn_.execute(kInsertCode, {user.str(), Blob{hash}, to_millis(now)});
    if (!inserted) return std::move(inserted).error();
  }
  return {};
}

Result<void> SqlStaff::use_recovery_code(domain::UserId const& user, std::string_view code_hash,
                                         app::TimePoint now) {
  return touch_one(kUseCode, {user.str(), Blob{code_hash}, to_millis(now)},
                   "no such unused recovery code");
}

Result<int> SqlStaff::count_unused_recovery_codes(domain::UserId const& user) {
  auto counted = conn_.execute(kCountCodes, {user.str()});
  if (!counted) return std::move(counted).error();
  if (counted->rows.empty()) return 0;
  return static_cast<int>(counted->rows[0].int64(0));
}

}  // namespace haven::storage

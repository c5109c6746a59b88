#include "storage/sql_account_tokens.h"

#include <string>

#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_TOKEN_COLUMNS                                                                  \
  "id, kind, secret_hash, org_id, user_id, role, email_lookup, email_ciphertext, language, " \
  "issued_by, created_at, expires_at"

constexpr std::size_t kSecretHashBytes = 32;

// ON CONFLICT DO NOTHING covers the primary key and the partial unique index of pending
// invitations alike: either is reported by the row count and leaves the transaction usable.
constexpr Statement kInsert{"account_tokens.insert",
                            "INSERT INTO account_tokens (" HAVEN_TOKEN_COLUMNS
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                            "ON CONFLICT DO NOTHING"};
constexpr Statement kFind{"account_tokens.find",
                          "SELECT " HAVEN_TOKEN_COLUMNS " FROM account_tokens WHERE id = $1"};
constexpr Statement kDelete{"account_tokens.delete", "DELETE FROM account_tokens WHERE id = $1"};
constexpr Statement kListForOrg{"account_tokens.list_for_org",
                                "SELECT " HAVEN_TOKEN_COLUMNS
                                " FROM account_tokens WHERE org_id = $1 AND expires_at >= $2 "
                                "ORDER BY created_at DESC, id DESC"};
constexpr Statement kDeleteResets{
    "account_tokens.delete_resets",
    "DELETE FROM account_tokens WHERE user_id = $1 AND kind = 'password-reset'"};
// Oldest first, a batch by id: neither engine takes LIMIT on DELETE by default.
constexpr Statement kDeleteExpired{
    "account_tokens.delete_expired",
    "DELETE FROM account_tokens WHERE id IN (SELECT id FROM account_tokens "
    "WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)"};
// An expired invitation is not pending: it makes way for a new one to the same address.
constexpr Statement kDeleteExpiredInvitation{
    "account_tokens.delete_expired_invitation",
    "DELETE FROM account_tokens WHERE kind = 'invitation' AND org_id = $1 "
    "AND email_lookup = $2 AND expires_at < $3"};
constexpr Statement kOrgExists{"account_tokens.org_exists",
                               "SELECT count(*) FROM organisations WHERE id = $1"};
constexpr Statement kUserExists{"account_tokens.user_exists",
                                "SELECT count(*) FROM users WHERE id = $1"};

Result<void> check_shape(app::AccountToken const& t) {
  if (t.secret_hash.size() != kSecretHashBytes) {
    return make_error(ErrorCode::InvalidInput, "account token secret hash must be 32 bytes");
  }
  bool const invitation = t.kind == app::AccountTokenKind::Invitation;
  if (invitation && (t.user || !t.role || t.email_lookup.empty())) {
    return make_error(ErrorCode::InvalidInput,
                      "an invitation has a role and an email lookup and no user");
  }
  if (!invitation &&
      (!t.user || t.role || !t.email_lookup.empty() || !t.email_ciphertext.empty())) {
    return make_error(ErrorCode::InvalidInput, "a password reset has a user and no role or email");
  }
  return {};
}

SqlParam optional_id(std::optional<domain::UserId> const& id) {
  if (!id) return nullptr;
  return std::string_view(id->str());
}

// Columns as in HAVEN_TOKEN_COLUMNS.
Result<app::AccountToken> read_token(SqlRow const& row) {
  auto bad = [] { return make_error(ErrorCode::Corruption, "account_tokens row does not parse"); };
  auto id = app::AccountTokenId::parse(row.text(0));
  auto kind = app::parse_account_token_kind(row.text(1));
  auto org = domain::OrgId::parse(row.text(3));
  auto language = domain::parse_language(row.text(8));
  if (!id || !kind || !org || !language) return bad();
  app::AccountToken token{.id = *id,
                          .kind = *kind,
                          .secret_hash = row.text(2),
                          .org = *org,
                          .user = std::nullopt,
                          .role = std::nullopt,
                          .email_lookup = row.text(6),
                          .email_ciphertext = row.text(7),
                          .language = *language,
                          .issued_by = std::nullopt,
                          .created_at = from_millis(row.int64(10)),
                          .expires_at = from_millis(row.int64(11))};
  if (!row.is_null(4)) {
    token.user = domain::UserId::parse(row.text(4));
    if (!token.user) return bad();
  }
  if (!row.is_null(5)) {
    token.role = domain::parse_role(row.text(5));
    if (!token.role) return bad();
  }
  if (!row.is_null(9)) {
    token.issued_by = domain::UserId::parse(row.text(9));
    if (!token.issued_by) return bad();
  }
  return token;
}

}  // namespace

Result<void> SqlAccountTokens::check_references(app::AccountToken const& token) {
  auto org = count_is_positive(conn_, kOrgExists, {token.org.str()});
  if (!org) return std::move(org).error();
  if (!*org) return make_error(ErrorCode::NotFound, "no such organisation");
  for (auto const* user : {&token.user, &token.issued_by}) {
    if (!*user) continue;
    auto known = count_is_positive(conn_, kUserExists, {(*user)->str()});
    if (!known) return std::move(known).error();
    if (!*known) return make_error(ErrorCode::NotFound, "no such user");
  }
  return {};
}

Result<void> SqlAccountTokens::add(app::AccountToken const& token) {
  if (auto shape = check_shape(token); !shape) return shape;
  if (auto references = check_references(token); !references) return references;
  bool const invitation = token.kind == app::AccountTokenKind::Invitation;
  if (invitation) {
    auto swept = conn_.execute(kDeleteExpiredInvitation, {token.org.str(), Blob{token.email_lookup},
                                                          to_millis(token.created_at)});
    if (!swept) return std::move(swept).error();
  }
  SqlParam role = nullptr;
  if (token.role) role = domain::to_string(*token.role);
  SqlParam email_lookup = nullptr;
  SqlParam email_ciphertext = nullptr;
  if (invitation) {
    email_lookup = Blob{token.email_lookup};
    email_ciphertext = Blob{token.email_ciphertext};
  }
  auto inserted = conn_.execute(
      kInsert,
      {token.id.str(), app::to_string(token.kind), Blob{token.secret_hash}, token.org.str(),
       optional_id(token.user), role, email_lookup, email_ciphertext, domain::code(token.language),
       optional_id(token.issued_by), to_millis(token.created_at), to_millis(token.expires_at)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict,
                      invitation ? "a token with this id or a pending invitation for this "
                                   "address in this organisation exists"
                                 : "a token with this id exists");
  }
  return {};
}

Result<app::AccountToken> SqlAccountTokens::find(app::AccountTokenId const& id) {
  auto found = conn_.execute(kFind, {id.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return make_error(ErrorCode::NotFound, "no such account token");
  return read_token(found->rows.front());
}

Result<void> SqlAccountTokens::remove(app::AccountTokenId const& id) {
  auto deleted = conn_.execute(kDelete, {id.str()});
  if (!deleted) return std::move(deleted).error();
  if (deleted->affected_rows != 1) return make_error(ErrorCode::NotFound, "no such account token");
  return {};
}

Result<std::vector<app::AccountToken>> SqlAccountTokens::list_for_org(
    domain::OrgId const& org, std::chrono::system_clock::time_point now) {
  auto rows = conn_.execute(kListForOrg, {org.str(), to_millis(now)});
  if (!rows) return std::move(rows).error();
  std::vector<app::AccountToken> out;
  out.reserve(rows->rows.size());
  for (auto const& row : rows->rows) {
    auto token = read_token(row);
    if (!token) return std::move(token).error();
    out.push_back(std::move(token).value());
  }
  return out;
}

Result<std::size_t> SqlAccountTokens::remove_resets_for_user(domain::UserId const& user) {
  return rows_affected(conn_.execute(kDeleteResets, {user.str()}));
}

Result<std::size_t> SqlAccountTokens::remove_expired(std::chrono::system_clock::time_point now,
                                                     std::size_t limit) {
  return rows_affected(conn_.execute(kDeleteExpired, {to_millis(now), limit_value(limit)}));
}

}  // namespace haven::storage

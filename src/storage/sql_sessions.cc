#include "storage/sql_sessions.h"

#include <string>

#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_SESSION_COLUMNS                                                            \
  "id, user_id, secret_hash, wrapped_user_key, client_label, created_at, last_seen_at, " \
  "expires_at"

constexpr std::size_t kSecretHashBytes = 32;
constexpr std::size_t kMaxClientLabelBytes = 64;

// ON CONFLICT DO NOTHING: a taken id is reported by the row count, so the transaction stays
// usable on PostgreSQL.
constexpr Statement kInsert{"staff_sessions.insert",
                            "INSERT INTO staff_sessions (" HAVEN_SESSION_COLUMNS
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING"};
constexpr Statement kFind{"staff_sessions.find",
                          "SELECT " HAVEN_SESSION_COLUMNS " FROM staff_sessions WHERE id = $1"};
constexpr Statement kExists{"staff_sessions.exists",
                            "SELECT count(*) FROM staff_sessions WHERE id = $1"};
constexpr Statement kUserExists{"staff_sessions.user_exists",
                                "SELECT count(*) FROM users WHERE id = $1"};
// Only forward: an older `at` matches no row (then exists() tells gone from not-newer).
constexpr Statement kTouch{
    "staff_sessions.touch",
    "UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2"};
constexpr Statement kDelete{"staff_sessions.delete", "DELETE FROM staff_sessions WHERE id = $1"};
constexpr Statement kListForUser{"staff_sessions.list_for_user",
                                 "SELECT " HAVEN_SESSION_COLUMNS
                                 " FROM staff_sessions WHERE user_id = $1 "
                                 "ORDER BY created_at DESC, id DESC"};
constexpr Statement kDeleteForUser{"staff_sessions.delete_for_user",
                                   "DELETE FROM staff_sessions WHERE user_id = $1"};
constexpr Statement kDeleteForUserExcept{
    "staff_sessions.delete_for_user_except",
    "DELETE FROM staff_sessions WHERE user_id = $1 AND id <> $2"};
// A batch by id: neither engine takes LIMIT on DELETE by default.
constexpr Statement kDeleteExpired{
    "staff_sessions.delete_expired",
    "DELETE FROM staff_sessions WHERE id IN (SELECT id FROM staff_sessions "
    "WHERE expires_at < $1 OR last_seen_at < $2 LIMIT $3)"};

// Columns as in HAVEN_SESSION_COLUMNS.
Result<app::StaffSession> read_session(SqlRow const& row) {
  auto id = app::SessionId::parse(row.text(0));
  auto user = domain::UserId::parse(row.text(1));
  if (!id || !user) return make_error(ErrorCode::Corruption, "staff_sessions row has a bad id");
  return app::StaffSession{.id = *id,
                           .user = *user,
                           .secret_hash = row.text(2),
                           .wrapped_user_key = row.text(3),
                           .client_label = row.text(4),
                           .created_at = from_millis(row.int64(5)),
                           .last_seen_at = from_millis(row.int64(6)),
                           .expires_at = from_millis(row.int64(7))};
}

}  // namespace

Result<void> SqlSessions::add(app::StaffSession const& session) {
  if (session.secret_hash.size() != kSecretHashBytes) {
    return make_error(ErrorCode::InvalidInput, "session secret hash must be 32 bytes");
  }
  if (session.client_label.size() > kMaxClientLabelBytes) {
    return make_error(ErrorCode::InvalidInput, "session client label is over 64 bytes");
  }
  auto known = count_is_positive(conn_, kUserExists, {session.user.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such user");
  auto inserted =
      conn_.execute(kInsert, {session.id.str(), session.user.str(), Blob{session.secret_hash},
                              Blob{session.wrapped_user_key},
                              std::string_view(session.client_label), to_millis(session.created_at),
                              to_millis(session.last_seen_at), to_millis(session.expires_at)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "a session with this id exists");
  }
  return {};
}

Result<app::StaffSession> SqlSessions::find(app::SessionId const& id) {
  auto found = conn_.execute(kFind, {id.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return make_error(ErrorCode::NotFound, "no such session");
  return read_session(found->rows.front());
}

Result<void> SqlSessions::touch(app::SessionId const& id,
                                std::chrono::system_clock::time_point at) {
  auto updated = conn_.execute(kTouch, {id.str(), to_millis(at)});
  if (!updated) return std::move(updated).error();
  if (updated->affected_rows == 1) return {};
  auto known = count_is_positive(conn_, kExists, {id.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such session");
  return {};  // already seen at or after `at`
}

Result<void> SqlSessions::remove(app::SessionId const& id) {
  auto deleted = conn_.execute(kDelete, {id.str()});
  if (!deleted) return std::move(deleted).error();
  if (deleted->affected_rows != 1) return make_error(ErrorCode::NotFound, "no such session");
  return {};
}

Result<std::vector<app::StaffSession>> SqlSessions::list_for_user(domain::UserId const& user) {
  auto rows = conn_.execute(kListForUser, {user.str()});
  if (!rows) return std::move(rows).error();
  std::vector<app::StaffSession> out;
  out.reserve(rows->rows.size());
  for (auto const& row : rows->rows) {
    auto session = read_session(row);
    if (!session) return std::move(session).error();
    out.push_back(std::move(session).value());
  }
  return out;
}

Result<std::size_t> SqlSessions::remove_for_user(domain::UserId const& user,
                                                 std::optional<app::SessionId> const& keep) {
  auto deleted = keep ? conn_.execute(kDeleteForUserExcept, {user.str(), keep->str()})
                      : conn_.execute(kDeleteForUser, {user.str()});
  return rows_affected(std::move(deleted));
}

Result<std::size_t> SqlSessions::remove_expired(std::chrono::system_clock::time_point now,
                                                std::chrono::system_clock::time_point idle_before,
                                                std::size_t limit) {
  return rows_affected(
      conn_.execute(kDeleteExpired, {to_millis(now), to_millis(idle_before), limit_value(limit)}));
}

}  // namespace haven::storage

#include "storage/sql_audit.h"

#include <algorithm>
#include <string>

#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_AUDIT_COLUMNS                                                               \
  "sequence, at, actor_kind, actor_id, action, organisation_id, object_kind, object_id, " \
  "outcome, previous_link, link"

// SQLite has no FOR UPDATE and needs none: a read-write transaction there is BEGIN
// IMMEDIATE, so the one writer holds the whole database. PostgreSQL (READ COMMITTED) locks
// the head row: a second appender waits here and then reads the head the first one wrote.
constexpr Statement kHeadSqlite{"audit.head", "SELECT sequence, link FROM audit_chain_head"};
constexpr Statement kHeadPostgres{"audit.head_for_update",
                                  "SELECT sequence, link FROM audit_chain_head FOR UPDATE"};
constexpr Statement kInsert{"audit.insert",
                            "INSERT INTO audit_entries (" HAVEN_AUDIT_COLUMNS
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
// Moves the head only from the entry before, so an append without lock_head cannot fork it.
constexpr Statement kMoveHead{
    "audit.move_head", "UPDATE audit_chain_head SET sequence = $1, link = $2 WHERE sequence = $3"};
constexpr Statement kListAll{"audit.list_all",
                             "SELECT " HAVEN_AUDIT_COLUMNS
                             " FROM audit_entries WHERE sequence > $1 ORDER BY sequence LIMIT $2"};
constexpr Statement kListOrg{"audit.list_org",
                             "SELECT " HAVEN_AUDIT_COLUMNS
                             " FROM audit_entries WHERE organisation_id = $1 AND sequence > $2 "
                             "ORDER BY sequence LIMIT $3"};

// One statement for 1 to 4 actions: unused places repeat the first (about_params). The
// conditions match the index audit_entries_object (0008) and its order.
#define HAVEN_AUDIT_ABOUT                                                                   \
  " FROM audit_entries WHERE object_kind = $1 AND object_id = $2 AND organisation_id = $3 " \
  "AND action IN ($4, $5, $6, $7)"
constexpr Statement kListAbout{"audit.list_about", "SELECT " HAVEN_AUDIT_COLUMNS HAVEN_AUDIT_ABOUT
                                                   " ORDER BY sequence DESC LIMIT $8"};
constexpr Statement kCountAbout{"audit.count_about", "SELECT count(*)" HAVEN_AUDIT_ABOUT};
constexpr std::size_t kMaxAboutPage = 500;

Result<std::vector<SqlParam>> about_params(app::AuditObjectQuery const& query) {
  if (query.actions.empty() || query.actions.size() > app::kMaxAuditQueryActions) {
    return make_error(ErrorCode::InvalidInput, "an audit lookup names 1 to 4 actions");
  }
  std::vector<SqlParam> params{app::to_string(query.kind), std::string_view(query.object_id),
                               std::string_view(query.organisation.str())};
  for (std::size_t i = 0; i < app::kMaxAuditQueryActions; ++i) {
    params.push_back(app::to_string(query.actions[i < query.actions.size() ? i : 0]));
  }
  return params;
}

Result<app::AuditLink> read_link(std::string const& bytes) {
  app::AuditLink link{};
  if (bytes.size() != link.size()) return make_error(ErrorCode::Corruption, "bad audit link");
  std::copy(bytes.begin(), bytes.end(), link.begin());
  return link;
}

std::string_view text_of(app::AuditLink const& link) {
  return {reinterpret_cast<char const*>(link.data()), link.size()};
}

// Columns as in HAVEN_AUDIT_COLUMNS.
Result<app::AuditEntry> read_entry(SqlRow const& row) {
  auto bad = [] { return make_error(ErrorCode::Corruption, "audit_entries row does not parse"); };
  app::AuditEntry entry;
  entry.sequence = row.int64(0);
  entry.at = from_millis(row.int64(1));
  auto actor_kind = app::parse_audit_actor_kind(row.text(2));
  auto action = app::parse_audit_action(row.text(4));
  auto object_kind = app::parse_audit_object_kind(row.text(6));
  auto outcome = app::parse_audit_outcome(row.text(8));
  if (!actor_kind || !action || !object_kind || !outcome) return bad();
  entry.actor_kind = *actor_kind;
  entry.action = *action;
  entry.object_kind = *object_kind;
  entry.outcome = *outcome;
  if (!row.is_null(3)) {
    entry.actor_id = domain::UserId::parse(row.text(3));
    if (!entry.actor_id) return bad();
  }
  if (!row.is_null(5)) {
    entry.organisation = domain::OrgId::parse(row.text(5));
    if (!entry.organisation) return bad();
  }
  entry.object_id = row.text(7);
  auto previous = read_link(row.text(9));
  auto link = read_link(row.text(10));
  if (!previous || !link) return bad();
  entry.previous_link = *previous;
  entry.link = *link;
  return entry;
}

}  // namespace

Result<app::AuditHead> SqlAudit::lock_head() {
  return head(conn_.dialect() == Dialect::Postgres ? kHeadPostgres : kHeadSqlite);
}

Result<app::AuditHead> SqlAudit::read_head() { return head(kHeadSqlite); }

Result<app::AuditHead> SqlAudit::head(Statement const& statement) {
  auto rows = conn_.execute(statement);
  if (!rows) return std::move(rows).error();
  if (rows->rows.size() != 1) return make_error(ErrorCode::Corruption, "audit chain head missing");
  auto link = read_link(rows->rows.front().text(1));
  if (!link) return std::move(link).error();
  return app::AuditHead{rows->rows.front().int64(0), *link};
}

Result<void> SqlAudit::append(app::AuditEntry const& e) {
  SqlParam actor_id = nullptr;
  if (e.actor_id) actor_id = std::string_view(e.actor_id->str());
  SqlParam organisation = nullptr;
  if (e.organisation) organisation = std::string_view(e.organisation->str());
  auto moved = conn_.execute(kMoveHead, {e.sequence, Blob{text_of(e.link)}, e.sequence - 1});
  if (!moved) return std::move(moved).error();
  if (moved->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "audit entry does not extend the chain head");
  }
  auto inserted =
      conn_.execute(kInsert, {e.sequence, to_millis(e.at), app::to_string(e.actor_kind), actor_id,
                              app::to_string(e.action), organisation, app::to_string(e.object_kind),
                              std::string_view(e.object_id), app::to_string(e.outcome),
                              Blob{text_of(e.previous_link)}, Blob{text_of(e.link)}});
  if (!inserted) return std::move(inserted).error();
  return {};
}

Result<std::vector<app::AuditEntry>> SqlAudit::list(
    std::optional<domain::OrgId> const& organisation, std::int64_t after_sequence,
    std::size_t limit) {
  auto const count = static_cast<std::int64_t>(limit);
  auto rows =
      organisation
          ? conn_.execute(kListOrg, {std::string_view(organisation->str()), after_sequence, count})
          : conn_.execute(kListAll, {after_sequence, count});
  return read_rows(std::move(rows), read_entry);
}

Result<std::vector<app::AuditEntry>> SqlAudit::list_about(app::AuditObjectQuery const& query,
                                                          std::size_t limit) {
  auto params = about_params(query);
  if (!params) return std::move(params).error();
  params->push_back(static_cast<std::int64_t>(std::min(limit, kMaxAboutPage)));
  return read_rows(conn_.execute(kListAbout, *params), read_entry);
}

Result<std::int64_t> SqlAudit::count_about(app::AuditObjectQuery const& query) {
  auto params = about_params(query);
  if (!params) return std::move(params).error();
  auto counted = conn_.execute(kCountAbout, *params);
  if (!counted) return std::move(counted).error();
  return counted->rows.empty() ? 0 : counted->rows.front().int64(0);
}

}  // namespace haven::storage

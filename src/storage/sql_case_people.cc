#include "storage/sql_case_people.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kMaxMarkedCases = 500;

constexpr Statement kCaseInOrg{"case_people.case_in_org",
                               "SELECT count(*) FROM cases WHERE id = $1 AND org_id = $2"};
constexpr Statement kFind{"case_people.find",
                          "SELECT sealed_person, version, updated_at FROM case_people "
                          "WHERE case_id = $1 AND org_id = $2"};
// ON CONFLICT DO NOTHING: a person saved meanwhile shows as no row inserted, and the
// transaction stays usable on PostgreSQL.
constexpr Statement kInsert{"case_people.insert",
                            "INSERT INTO case_people (case_id, org_id, sealed_person, version, "
                            "updated_at) VALUES ($1, $2, $3, 1, $4) ON CONFLICT DO NOTHING"};
// The optimistic check: only the version the caller read is overwritten.
constexpr Statement kUpdate{"case_people.update",
                            "UPDATE case_people SET sealed_person = $3, version = version + 1, "
                            "updated_at = $4 WHERE case_id = $1 AND org_id = $2 AND version = $5"};
constexpr Statement kRemoveMarks{"case_handles.remove",
                                 "DELETE FROM case_handles WHERE case_id = $1"};
constexpr Statement kInsertMark{"case_handles.insert",
                                "INSERT INTO case_handles (case_id, org_id, kind, hash) "
                                "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"};

Error invalid(std::string_view why) {
  return make_error(ErrorCode::InvalidInput, std::string(why));
}
Error no_case() { return make_error(ErrorCode::NotFound, "no such case"); }

bool is_mark_kind(std::string_view kind) {
  return kind == "phone" || kind == "email" || kind == "telegram" || kind == "signal";
}

Result<void> check_marks(std::vector<app::HandleMark> const& marks) {
  if (marks.size() > SqlCasePersonRepository::kMaxHandleMarks) {
    return invalid("too many contact handle hashes");
  }
  for (auto const& mark : marks) {
    if (mark.hash.size() != kHashBytes) return invalid("a handle hash must be 32 bytes");
    if (!is_mark_kind(mark.kind)) return invalid("unknown kind of handle hash");
  }
  return {};
}

Result<void> require_case(SqlConnection& conn, domain::OrgId const& org, domain::CaseId const& id) {
  auto known = count_is_positive(conn, kCaseInOrg, {id.str(), org.str()});
  if (!known) return std::move(known).error();
  if (!*known) return no_case();
  return {};
}

// "… h.hash IN ($3, $4, …)" for `count` hashes: one statement per count, so each is
// prepared once per connection.
Statement marked_cases_statement(std::size_t count, std::string& name, std::string& sql) {
  name = "case_handles.cases_with." + std::to_string(count);
  sql =
      "SELECT h.hash, c.id, c.number, c.status, c.created_at FROM case_handles h "
      "JOIN cases c ON c.id = h.case_id "
      "WHERE h.org_id = $1 AND c.org_id = $1 AND h.case_id <> $2 AND h.hash IN (";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) sql += ", ";
    sql += "$" + std::to_string(i + 3);
  }
  sql += ") ORDER BY c.created_at DESC, c.id DESC, h.hash LIMIT $" + std::to_string(count + 3);
  return Statement{name, sql};
}

Result<app::MarkedCase> read_marked_case(SqlRow const& row) {
  auto id = domain::CaseId::parse(row.text(1));
  auto status = domain::parse_case_status(row.text(3));
  if (!id || !status || row.text(0).size() != kHashBytes) {
    return make_error(ErrorCode::Corruption, "case_handles row does not parse");
  }
  return app::MarkedCase{.hash = row.text(0),
                         .case_id = *id,
                         .number = row.text(2),
                         .status = *status,
                         .created_at = from_millis(row.int64(4))};
}

}  // namespace

Result<std::optional<app::StoredPerson>> SqlCasePersonRepository::find(domain::OrgId const& org,
                                                                       domain::CaseId const& id) {
  auto found = conn_.execute(kFind, {id.str(), org.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) {
    if (auto known = require_case(conn_, org, id); !known) return std::move(known).error();
    return std::optional<app::StoredPerson>();
  }
  auto const& row = found->rows.front();
  if (row.text(0).empty() || row.int64(1) < 1) {
    return make_error(ErrorCode::Corruption, "case_people row does not parse");
  }
  return std::optional<app::StoredPerson>(
      app::StoredPerson{.case_id = id,
                        .org = org,
                        .sealed = row.text(0),
                        .version = row.int64(1),
                        .updated_at = from_millis(row.int64(2))});
}

Result<void> SqlCasePersonRepository::save(domain::OrgId const& org,
                                           app::StoredPerson const& person,
                                           std::int64_t expected_version,
                                           std::vector<app::HandleMark> const& marks) {
  if (person.sealed.empty()) return invalid("the sealed person is empty");
  if (expected_version < 0) return invalid("a person version is never negative");
  if (auto valid = check_marks(marks); !valid) return valid;
  if (auto known = require_case(conn_, org, person.case_id); !known) return known;
  Blob sealed{person.sealed};
  auto written =
      expected_version == 0
          ? rows_affected(conn_.execute(
                kInsert, {person.case_id.str(), org.str(), sealed, to_millis(person.updated_at)}))
          : rows_affected(conn_.execute(kUpdate, {person.case_id.str(), org.str(), sealed,
                                                  to_millis(person.updated_at), expected_version}));
  if (!written) return std::move(written).error();
  if (*written != 1) return make_error(ErrorCode::Conflict, "the person changed meanwhile");
  if (auto removed = conn_.execute(kRemoveMarks, {person.case_id.str()}); !removed) {
    return std::move(removed).error();
  }
  for (auto const& mark : marks) {
    auto inserted = conn_.execute(kInsertMark, {person.case_id.str(), org.str(),
                                                std::string_view(mark.kind), Blob{mark.hash}});
    if (!inserted) return std::move(inserted).error();
  }
  return {};
}

Result<std::vector<app::MarkedCase>> SqlCasePersonRepository::cases_with(
    domain::OrgId const& org, std::vector<std::string> const& hashes,
    std::optional<domain::CaseId> const& except, std::size_t limit) {
  if (hashes.size() > kMaxHandleMarks) return invalid("too many contact handle hashes");
  if (hashes.empty() || limit == 0) return std::vector<app::MarkedCase>{};
  std::string name;
  std::string sql;
  auto statement = marked_cases_statement(hashes.size(), name, sql);
  std::vector<SqlParam> params;
  params.reserve(hashes.size() + 3);
  params.emplace_back(std::string_view(org.str()));
  // No case has an empty id, so "" excludes nothing.
  params.emplace_back(except ? std::string_view(except->str()) : std::string_view());
  for (auto const& hash : hashes) params.emplace_back(Blob{hash});
  params.emplace_back(limit_value(std::min(limit, kMaxMarkedCases)));
  return read_rows(conn_.execute(statement, params), read_marked_case);
}

}  // namespace haven::storage

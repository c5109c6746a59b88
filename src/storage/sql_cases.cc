#include "storage/sql_cases.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "domain/deadline.h"
#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_CASE_COLUMNS                                                                    \
  "id, org_id, number, status, channel, origin, current_country, language, topics, urgency, " \
  "assignee, outcome, created_at, updated_at, closed_at, version"
#define HAVEN_ENTRY_COLUMNS "id, case_id, kind, author, at, sealed_content, sealed_entry_key"

constexpr std::size_t kMaxNumberBytes = 32;
constexpr std::size_t kMaxCasesPerPage = 500;
constexpr std::size_t kMaxEntriesPerPage = 1000;
constexpr int kMaxYear = 9999;

constexpr Statement kOrgExists{"cases.org_exists",
                               "SELECT count(*) FROM organisations WHERE id = $1"};
constexpr Statement kUserExists{"cases.user_exists", "SELECT count(*) FROM users WHERE id = $1"};
constexpr Statement kCaseExists{"cases.exists", "SELECT count(*) FROM cases WHERE id = $1"};
constexpr Statement kCaseExistsInOrg{"cases.exists_in_org",
                                     "SELECT count(*) FROM cases WHERE id = $1 AND org_id = $2"};
// The upsert locks the (org, year) row until commit, so a concurrent transaction on
// PostgreSQL waits and then reads the committed value: never the same number twice. A
// rollback undoes the increment with everything else.
constexpr Statement kNextSequence{
    "case_sequences.next",
    "INSERT INTO case_sequences (org_id, year, last_value) VALUES ($1, $2, 1) "
    "ON CONFLICT (org_id, year) DO UPDATE SET last_value = case_sequences.last_value + 1 "
    "RETURNING last_value"};
// ON CONFLICT DO NOTHING: a taken id or number is reported by the row count, so the
// transaction stays usable on PostgreSQL (a failed statement would abort it).
// $1-$13 as case_params() binds them, in both kInsert and kUpdate.
constexpr Statement kInsert{
    "cases.insert",
    "INSERT INTO cases (id, org_id, status, channel, origin, current_country, language, topics, "
    "urgency, assignee, outcome, updated_at, closed_at, number, created_at, sealed_key, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1) "
    "ON CONFLICT DO NOTHING"};
constexpr Statement kFind{"cases.find",
                          "SELECT " HAVEN_CASE_COLUMNS " FROM cases WHERE id = $1 AND org_id = $2"};
// UNIQUE (org_id, number) of migration 0005 is its index.
constexpr Statement kFindByNumber{"cases.find_by_number",
                                  "SELECT " HAVEN_CASE_COLUMNS
                                  " FROM cases WHERE org_id = $1 AND number = $2"};
constexpr Statement kSealedKey{"cases.sealed_key",
                               "SELECT sealed_key FROM cases WHERE id = $1 AND org_id = $2"};
// The optimistic check: only the version the caller read is overwritten.
constexpr Statement kUpdate{
    "cases.update",
    "UPDATE cases SET status = $3, channel = $4, origin = $5, current_country = $6, "
    "language = $7, topics = $8, urgency = $9, assignee = $10, outcome = $11, "
    "updated_at = $12, closed_at = $13, version = version + 1 "
    "WHERE id = $1 AND org_id = $2 AND version = $14"};

constexpr Statement kInsertEntry{"case_entries.insert",
                                 "INSERT INTO case_entries (" HAVEN_ENTRY_COLUMNS
                                 ") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING"};
constexpr Statement kEntries{"case_entries.page", "SELECT " HAVEN_ENTRY_COLUMNS
                                                  " FROM case_entries WHERE case_id = $1 "
                                                  "ORDER BY at, position LIMIT $2 OFFSET $3"};
// Only an entry still under its own key: a second member's re-encryption changes nothing.
constexpr Statement kResealEntry{
    "case_entries.reseal",
    "UPDATE case_entries SET sealed_content = $3, sealed_entry_key = NULL "
    "WHERE id = $1 AND case_id = $2 AND sealed_entry_key IS NOT NULL"};
constexpr Statement kEntryExists{
    "case_entries.exists", "SELECT count(*) FROM case_entries WHERE id = $1 AND case_id = $2"};
constexpr Statement kCountEntries{"case_entries.count",
                                  "SELECT count(*) FROM case_entries WHERE case_id = $1"};

Error no_case() { return make_error(ErrorCode::NotFound, "no such case"); }

SqlParam blob_of(std::vector<std::uint8_t> const& bytes) {
  return Blob{std::string_view(reinterpret_cast<char const*>(bytes.data()), bytes.size())};
}

std::vector<std::uint8_t> bytes_of(std::string const& text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

SqlParam optional_id(std::optional<domain::UserId> const& id) {
  if (!id) return nullptr;
  return std::string_view(id->str());
}

// What add() and update() refuse before the database sees it (its CHECKs would answer
// Conflict and, on PostgreSQL, abort the transaction).
Result<void> check_case(domain::Case const& record) {
  if (auto valid = domain::validate(record.metadata); !valid) return valid;
  if (auto topics = domain::topics_from_bits(record.metadata.topics.bits()); !topics) {
    return std::move(topics).error();
  }
  if (auto urgency = domain::urgencies_from_bits(record.metadata.urgency.bits()); !urgency) {
    return std::move(urgency).error();
  }
  if (record.number.empty() || record.number.size() > kMaxNumberBytes) {
    return make_error(ErrorCode::InvalidInput, "case number must be 1-32 bytes");
  }
  return {};
}

// $1-$13 of kInsert and kUpdate: the case's id and organisation, its metadata, updated_at
// and closed_at. The views point into `record` and static strings.
std::vector<SqlParam> case_params(domain::Case const& record) {
  auto const& m = record.metadata;
  SqlParam outcome = nullptr;
  if (m.outcome) outcome = domain::to_string(*m.outcome);
  SqlParam closed_at = nullptr;
  if (record.closed_at) closed_at = to_millis(*record.closed_at);
  return {record.id.str(),
          record.org.str(),
          domain::to_string(m.status),
          domain::to_string(m.channel),
          domain::to_string(m.origin),
          m.current_country,
          domain::code(m.language),
          std::int64_t{m.topics.bits()},
          std::int64_t{m.urgency.bits()},
          optional_id(m.assignee),
          outcome,
          to_millis(record.updated_at),
          closed_at};
}

// A stored flag column: an integer of known bits only.
template <class Parse>
auto read_bits(std::int64_t stored, Parse parse) -> decltype(parse(std::uint32_t{})) {
  if (stored < 0 || stored > std::numeric_limits<std::uint32_t>::max()) {
    return make_error(ErrorCode::Corruption, "cases row has flag bits out of range");
  }
  auto flags = parse(static_cast<std::uint32_t>(stored));
  if (!flags) return make_error(ErrorCode::Corruption, "cases row has unknown flag bits");
  return flags;
}

// Columns as in HAVEN_CASE_COLUMNS.
Result<domain::Case> read_case(SqlRow const& row) {
  auto bad = [](std::string_view column) {
    return make_error(ErrorCode::Corruption, "cases row has a bad " + std::string(column));
  };
  auto id = domain::CaseId::parse(row.text(0));
  auto org = domain::OrgId::parse(row.text(1));
  if (!id || !org) return bad("id");
  auto status = domain::parse_case_status(row.text(3));
  if (!status) return bad("status");
  auto channel = domain::parse_channel(row.text(4));
  if (!channel) return bad("channel");
  auto origin = domain::parse_origin(row.text(5));
  if (!origin) return bad("origin");
  auto language = domain::parse_language(row.text(7));
  if (!language) return bad("language");
  auto topics = read_bits(row.int64(8), domain::topics_from_bits);
  if (!topics) return std::move(topics).error();
  auto urgency = read_bits(row.int64(9), domain::urgencies_from_bits);
  if (!urgency) return std::move(urgency).error();
  domain::Case out{.id = *id,
                   .org = *org,
                   .number = row.text(2),
                   .metadata = {.status = *status,
                                .channel = *channel,
                                .origin = *origin,
                                .current_country = row.text(6),
                                .language = *language,
                                .topics = *topics,
                                .urgency = *urgency,
                                .assignee = std::nullopt,
                                .outcome = std::nullopt},
                   .created_at = from_millis(row.int64(12)),
                   .updated_at = from_millis(row.int64(13)),
                   .closed_at = std::nullopt,
                   .version = row.int64(15)};
  if (!row.is_null(10)) {
    out.metadata.assignee = domain::UserId::parse(row.text(10));
    if (!out.metadata.assignee) return bad("assignee");
  }
  if (!row.is_null(11)) {
    out.metadata.outcome = domain::parse_outcome(row.text(11));
    if (!out.metadata.outcome) return bad("outcome");
  }
  if (!row.is_null(14)) out.closed_at = from_millis(row.int64(14));
  return out;
}

// Columns as in HAVEN_ENTRY_COLUMNS.
Result<app::TimelineEntry> read_entry(SqlRow const& row) {
  auto id = domain::EntryId::parse(row.text(0));
  auto case_id = domain::CaseId::parse(row.text(1));
  auto kind = domain::parse_entry_kind(row.text(2));
  if (!id || !case_id || !kind) {
    return make_error(ErrorCode::Corruption, "case_entries row has a bad id or kind");
  }
  app::TimelineEntry out{.id = *id,
                         .case_id = *case_id,
                         .kind = *kind,
                         .author = std::nullopt,
                         .at = from_millis(row.int64(4)),
                         .sealed_content = bytes_of(row.text(5))};
  if (!row.is_null(3)) {
    out.author = domain::UserId::parse(row.text(3));
    if (!out.author) return make_error(ErrorCode::Corruption, "case_entries row has a bad author");
  }
  if (!row.is_null(6)) out.sealed_entry_key = bytes_of(row.text(6));
  return out;
}

// A queue's statement: fixed fragments picked by which filters are set, values only ever
// as parameters. The choice also names the statement, so each variant is prepared once per
// connection, and each planner sees plain column conditions it can match to an index
// (`x IS NULL OR col = x` would hide them from SQLite's planner). `urgency <> 0` and
// `status <> 'closed'` repeat the partial indexes' WHERE word for word, as both engines
// need to use them.
class QueueSql {
 public:
  explicit QueueSql(app::CaseQuery const& query) {
    params_.push_back(std::string_view(query.org.str()));
    where_ = "org_id = $1";
    if (query.assignee) bind('a', "assignee = ", std::string_view(query.assignee->str()));
    if (query.unassigned_only) fixed('n', "assignee IS NULL");
    if (query.urgent_only) fixed('u', "urgency <> 0");
    if (query.open_only) fixed('o', "status <> 'closed'");
    if (query.waiting_only) {
      fixed('w', "status IN ('waiting-for-person', 'waiting-for-authority')");
    }
    if (query.overdue_before) {
      // From the organisation's overdue deadlines (case_deadlines_org_open: `done_at IS
      // NULL` repeats its WHERE) to their cases, never from every open case to its
      // deadlines: SQLite's CROSS JOIN keeps this order (a few overdue deadlines, not 10,000
      // open cases), PostgreSQL plans it as any inner join.
      overdue_day_ = domain::format_day(*query.overdue_before);
      params_.push_back(std::string_view(overdue_day_));
      from_ =
          "(SELECT DISTINCT case_id FROM case_deadlines WHERE org_id = $1 AND done_at IS NULL "
          "AND due_on < $" +
          std::to_string(params_.size()) + ") AS overdue CROSS JOIN cases";
      fixed('d', "cases.id = overdue.case_id");
    }
    if (query.status) {
      bind('s', "status = ", domain::to_string(*query.status));
      // Implied, but the planners match a partial index's WHERE (cases_org_status) only
      // when the query repeats it.
      if (*query.status != domain::CaseStatus::Closed && !query.open_only) {
        fixed('x', "status <> 'closed'");
      }
    }
    if (query.topic) {
      domain::TopicSet topic;
      topic.insert(*query.topic);
      bind('t', "(topics & ", std::int64_t{topic.bits()}, ") <> 0");
    }
    if (query.channel) bind('c', "channel = ", domain::to_string(*query.channel));
  }

  Result<SqlResult> count(SqlConnection& conn) {
    std::string name = "cases.count." + key_;
    std::string sql = "SELECT count(*) FROM " + from_ + " WHERE " + where_;
    return conn.execute(Statement{name, sql}, params_);
  }

  Result<SqlResult> count_up_to(SqlConnection& conn, std::int64_t at_most) {
    std::string sql = count_up_to_sql();
    params_.push_back(at_most);
    return conn.execute(Statement{"cases.count_up_to." + key_, sql}, params_);
  }

  Result<SqlResult> page(SqlConnection& conn, app::CaseQuery::Order order, std::size_t limit,
                         std::size_t offset) {
    std::string sql = page_sql(order);
    params_.push_back(limit_value(limit));
    params_.push_back(limit_value(offset));
    return conn.execute(Statement{"cases.list." + key_ + "." + order_clause(order).first, sql},
                        params_);
  }

  // The LIMIT inside lets both engines stop walking the index at `at_most` rows.
  std::string count_up_to_sql() const {
    return "SELECT count(*) FROM (SELECT 1 FROM " + from_ + " WHERE " + where_ + " LIMIT $" +
           std::to_string(params_.size() + 1) + ") AS counted";
  }

  std::string page_sql(app::CaseQuery::Order order) const {
    return "SELECT " HAVEN_CASE_COLUMNS " FROM " + from_ + " WHERE " + where_ + " ORDER BY " +
           std::string(order_clause(order).second) + " LIMIT $" +
           std::to_string(params_.size() + 1) + " OFFSET $" + std::to_string(params_.size() + 2);
  }

 private:
  static std::pair<char, std::string_view> order_clause(app::CaseQuery::Order order) {
    switch (order) {
      case app::CaseQuery::Order::OldestFirst:
        return {'o', "created_at, id"};
      case app::CaseQuery::Order::RecentlyUpdated:
        return {'u', "updated_at DESC, id DESC"};
      case app::CaseQuery::Order::NewestFirst:
        break;
    }
    return {'n', "created_at DESC, id DESC"};
  }

  void fixed(char letter, std::string_view condition) {
    key_ += letter;
    where_ += " AND ";
    where_ += condition;
  }

  void bind(char letter, std::string_view before, SqlParam value, std::string_view after = "") {
    params_.push_back(value);
    fixed(letter, before);
    where_ += "$" + std::to_string(params_.size());
    where_ += after;
  }

  std::string overdue_day_;  // params_ views it
  std::string from_ = "cases";
  std::string where_;
  std::string key_ = "q";
  std::vector<SqlParam> params_;
};

}  // namespace

std::string queue_page_sql(app::CaseQuery const& query) {
  return QueueSql(query).page_sql(query.order);
}

std::string queue_count_sql(app::CaseQuery const& query) {
  return QueueSql(query).count_up_to_sql();
}

Result<void> SqlCaseRepository::require_case(domain::CaseId const& id, domain::OrgId const* org) {
  auto known = org ? count_is_positive(conn_, kCaseExistsInOrg, {id.str(), org->str()})
                   : count_is_positive(conn_, kCaseExists, {id.str()});
  if (!known) return std::move(known).error();
  if (!*known) return no_case();
  return {};
}

Result<void> SqlCaseRepository::require_user(std::optional<domain::UserId> const& user) {
  if (!user) return {};
  auto known = count_is_positive(conn_, kUserExists, {user->str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such user");
  return {};
}

Result<std::int64_t> SqlCaseRepository::next_case_sequence(domain::OrgId const& org, int year) {
  if (year < 1 || year > kMaxYear) {
    return make_error(ErrorCode::InvalidInput, "case number year must be 1-9999");
  }
  auto known = count_is_positive(conn_, kOrgExists, {org.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such organisation");
  auto next = conn_.execute(kNextSequence, {org.str(), std::int64_t{year}});
  if (!next) return std::move(next).error();
  if (next->rows.empty()) return make_error(ErrorCode::Internal, "case sequence returned no row");
  return next->rows.front().int64(0);
}

Result<void> SqlCaseRepository::add(domain::Case const& record,
                                    std::vector<std::uint8_t> const& sealed_key) {
  if (auto valid = check_case(record); !valid) return valid;
  if (sealed_key.empty()) return make_error(ErrorCode::InvalidInput, "sealed case key is empty");
  auto known = count_is_positive(conn_, kOrgExists, {record.org.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such organisation");
  if (auto assignee = require_user(record.metadata.assignee); !assignee) return assignee;
  auto params = case_params(record);
  params.insert(params.end(), {record.number, to_millis(record.created_at), blob_of(sealed_key)});
  auto inserted = conn_.execute(kInsert, params);
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "a case with this id or number exists");
  }
  return {};
}

Result<domain::Case> SqlCaseRepository::find(domain::OrgId const& org, domain::CaseId const& id) {
  auto found = conn_.execute(kFind, {id.str(), org.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return no_case();
  return read_case(found->rows.front());
}

Result<domain::Case> SqlCaseRepository::find_by_number(domain::OrgId const& org,
                                                       std::string_view number) {
  auto found = conn_.execute(kFindByNumber, {org.str(), number});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return no_case();
  return read_case(found->rows.front());
}

Result<std::vector<std::uint8_t>> SqlCaseRepository::sealed_key(domain::OrgId const& org,
                                                                domain::CaseId const& id) {
  auto found = conn_.execute(kSealedKey, {id.str(), org.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return no_case();
  return bytes_of(found->rows.front().text(0));
}

Result<void> SqlCaseRepository::update(domain::Case const& record) {
  if (auto valid = check_case(record); !valid) return valid;
  if (auto assignee = require_user(record.metadata.assignee); !assignee) return assignee;
  auto params = case_params(record);
  params.push_back(record.version);
  auto updated = rows_affected(conn_.execute(kUpdate, params));
  if (!updated) return std::move(updated).error();
  if (*updated == 1) return {};
  if (auto known = require_case(record.id, &record.org); !known) return known;
  return make_error(ErrorCode::Conflict, "case changed meanwhile");
}

Result<std::vector<domain::Case>> SqlCaseRepository::list(app::CaseQuery const& query) {
  QueueSql sql(query);
  return read_rows(
      sql.page(conn_, query.order, std::min(query.limit, kMaxCasesPerPage), query.offset),
      read_case);
}

Result<std::int64_t> SqlCaseRepository::count(app::CaseQuery const& query) {
  QueueSql sql(query);
  auto counted = sql.count(conn_);
  if (!counted) return std::move(counted).error();
  return counted->rows.empty() ? 0 : counted->rows.front().int64(0);
}

Result<std::int64_t> SqlCaseRepository::count_up_to(app::CaseQuery const& query,
                                                    std::int64_t at_most) {
  if (at_most < 0) return make_error(ErrorCode::InvalidInput, "a count cannot stop below 0");
  QueueSql sql(query);
  auto counted = sql.count_up_to(conn_, at_most);
  if (!counted) return std::move(counted).error();
  return counted->rows.empty() ? 0 : counted->rows.front().int64(0);
}

Result<void> SqlCaseRepository::append_entry(app::TimelineEntry const& entry) {
  if (entry.sealed_content.empty()) {
    return make_error(ErrorCode::InvalidInput, "sealed entry content is empty");
  }
  if (auto known = require_case(entry.case_id, nullptr); !known) return known;
  if (auto author = require_user(entry.author); !author) return author;
  auto inserted = conn_.execute(
      kInsertEntry,
      {entry.id.str(), entry.case_id.str(), domain::to_string(entry.kind),
       optional_id(entry.author), to_millis(entry.at), blob_of(entry.sealed_content),
       entry.sealed_entry_key.empty() ? SqlParam{nullptr} : blob_of(entry.sealed_entry_key)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "a timeline entry with this id exists");
  }
  return {};
}

Result<std::vector<app::TimelineEntry>> SqlCaseRepository::entries(domain::CaseId const& id,
                                                                   std::size_t limit,
                                                                   std::size_t offset) {
  auto rows = conn_.execute(
      kEntries, {id.str(), limit_value(std::min(limit, kMaxEntriesPerPage)), limit_value(offset)});
  // Only an empty page asks whether the case exists: no extra query on the common path.
  if (rows && rows->rows.empty()) {
    if (auto known = require_case(id, nullptr); !known) return std::move(known).error();
  }
  return read_rows(std::move(rows), read_entry);
}

Result<bool> SqlCaseRepository::reseal_entry(domain::CaseId const& case_id,
                                             domain::EntryId const& id,
                                             std::vector<std::uint8_t> const& content) {
  if (content.empty()) return make_error(ErrorCode::InvalidInput, "sealed entry content is empty");
  auto updated =
      rows_affected(conn_.execute(kResealEntry, {id.str(), case_id.str(), blob_of(content)}));
  if (!updated) return std::move(updated).error();
  if (*updated == 1) return true;
  auto known = count_is_positive(conn_, kEntryExists, {id.str(), case_id.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such timeline entry");
  return false;
}

Result<std::int64_t> SqlCaseRepository::count_entries(domain::CaseId const& id) {
  auto counted = conn_.execute(kCountEntries, {id.str()});
  if (!counted) return std::move(counted).error();
  std::int64_t n = counted->rows.empty() ? 0 : counted->rows.front().int64(0);
  if (n == 0) {
    if (auto known = require_case(id, nullptr); !known) return std::move(known).error();
  }
  return n;
}

}  // namespace haven::storage

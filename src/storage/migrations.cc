#include "storage/migrations.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "core/log.h"

namespace haven::storage {

namespace {

// Any constant works; it only has to be the same in every Haven process ("havenmig").
constexpr std::int64_t kMigrationLockKey = 0x686176656e6d6967;

constexpr Statement kSqliteHasTable{
    "migrations.has_table",
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"};
constexpr Statement kPostgresHasTable{
    "migrations.has_table",
    "SELECT count(*)::int8 FROM pg_catalog.pg_tables "
    "WHERE schemaname = current_schema() AND tablename = 'schema_migrations'"};
constexpr Statement kPostgresLock{"migrations.lock", "SELECT pg_advisory_xact_lock($1)"};
constexpr Statement kSelectApplied{
    "migrations.applied", "SELECT version, checksum FROM schema_migrations ORDER BY version"};
constexpr Statement kRecord{"migrations.record",
                            "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                            "VALUES ($1, $2, $3, $4)"};

struct Applied {
  int version;
  std::string checksum;
};

std::string padded(int version) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d", version);
  return buffer;
}

Result<std::vector<Applied>> read_applied(SqlConnection& conn) {
  auto const& has_table = conn.dialect() == Dialect::Sqlite ? kSqliteHasTable : kPostgresHasTable;
  auto exists = conn.execute(has_table);
  if (!exists.ok()) return std::move(exists).error();
  std::vector<Applied> applied;
  if (exists->rows.empty() || exists->rows[0].int64(0) == 0) return applied;
  auto rows = conn.execute(kSelectApplied);
  if (!rows.ok()) return std::move(rows).error();
  for (auto const& row : rows->rows) {
    applied.push_back({static_cast<int>(row.int64(0)), row.text(1)});
  }
  return applied;
}

Result<void> check_applied(std::vector<Applied> const& applied,
                           std::span<Migration const> migrations) {
  for (std::size_t i = 0; i < applied.size(); ++i) {
    int version = applied[i].version;
    if (version != static_cast<int>(i) + 1) {
      return make_error(ErrorCode::Corruption,
                        "schema_migrations is not contiguous at " + padded(version));
    }
    if (version > static_cast<int>(migrations.size())) {
      return make_error(ErrorCode::Conflict,
                        "database schema version " + std::to_string(applied.back().version) +
                            " is newer than this binary (knows up to " +
                            std::to_string(migrations.size()) + "); upgrade Haven first");
    }
    if (applied[i].checksum != migrations[i].checksum) {
      return make_error(ErrorCode::Corruption,
                        "migration " + padded(version) + " changed after it was applied");
    }
  }
  return {};
}

// One step: applies the next missing migration in its own transaction. Returns false when
// the database is already up to date.
Result<bool> apply_next(SqlConnection& conn, std::span<Migration const> migrations,
                        Clock::time_point now) {
  bool postgres = conn.dialect() == Dialect::Postgres;
  if (auto r = conn.execute_script(postgres ? "BEGIN" : "BEGIN IMMEDIATE"); !r.ok())
    return r.error();
  auto fail = [&](Error error) -> Result<bool> {
    (void)conn.execute_script("ROLLBACK");
    return error;
  };
  if (postgres) {
    if (auto r = conn.execute(kPostgresLock, {kMigrationLockKey}); !r.ok()) return fail(r.error());
  }
  auto applied = read_applied(conn);
  if (!applied.ok()) return fail(applied.error());
  if (auto r = check_applied(*applied, migrations); !r.ok()) return fail(r.error());
  if (applied->size() == migrations.size()) {
    if (auto r = conn.execute_script("COMMIT"); !r.ok()) return r.error();
    return false;
  }
  Migration const& next = migrations[applied->size()];
  if (auto r = conn.execute_script(next.sql); !r.ok()) {
    return fail(make_error(r.error().code,
                           "migration " + padded(next.version) + " failed: " + r.error().detail));
  }
  std::int64_t applied_at =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  auto recorded =
      conn.execute(kRecord, {std::int64_t{next.version}, next.name, next.checksum, applied_at});
  if (!recorded.ok()) return fail(recorded.error());
  if (auto r = conn.execute_script("COMMIT"); !r.ok()) return fail(r.error());
  log::info("storage.migration_applied",
            {{"version", padded(next.version)}, {"name", std::string(next.name)}});
  return true;
}

}  // namespace

Result<int> apply_migrations(SqlConnection& conn, std::span<Migration const> migrations,
                             Clock::time_point now) {
  for (;;) {
    auto step = apply_next(conn, migrations, now);
    if (!step.ok()) return std::move(step).error();
    if (!*step) break;
  }
  return static_cast<int>(migrations.size());
}

Result<int> read_schema_version(SqlConnection& conn) {
  auto applied = read_applied(conn);
  if (!applied.ok()) return std::move(applied).error();
  return applied->empty() ? 0 : applied->back().version;
}

}  // namespace haven::storage

// Numbered schema migrations (docs/formats/database.md): embedded into the binary at build
// time from migrations/*.sql, applied at open one transaction each, recorded with a checksum.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "storage/sql_connection.h"

namespace haven::storage {

struct Migration {
  int version;
  std::string_view name;
  Dialect dialect;
  std::string_view sql;
  std::string_view checksum;  // SHA-256 of `sql` in hex, computed by the build
};

// Every embedded migration for `dialect`, ordered 1, 2, 3, ... (the build enforces this).
std::vector<Migration> embedded_migrations(Dialect dialect);

// Applies what is missing, each migration in its own transaction; on PostgreSQL under an
// advisory lock so two processes starting together are safe. The caller must own `conn`
// exclusively and not be inside a transaction. Returns the schema version. Errors:
// Corruption when an applied migration's checksum differs ("migration 0001 changed after it
// was applied") or the record has gaps; Conflict when the database is newer than the binary.
Result<int> apply_migrations(SqlConnection& conn, std::span<Migration const> migrations,
                             Clock::time_point now);

// The newest applied version, 0 for an empty database.
Result<int> read_schema_version(SqlConnection& conn);

}  // namespace haven::storage

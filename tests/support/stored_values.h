// What a seized SQLite database shows: every stored value of every table, and the raw bytes
// of the database file and its WAL, for tests that grep them for secrets.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace haven::testing {

// Every text and blob value of every table, concatenated with separators.
inline std::string all_stored_values(std::filesystem::path const& db) {
  sqlite3* handle = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    ADD_FAILURE() << "cannot open " << db;
    return out;
  }
  std::vector<std::string> tables;
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(handle, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &stmt,
                     nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<char const*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  for (auto const& table : tables) {
    std::string sql = "SELECT * FROM \"" + table + "\"";
    sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        auto const* data = static_cast<char const*>(sqlite3_column_blob(stmt, i));
        if (data != nullptr)
          out.append(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
        out.push_back('\x1f');
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(handle);
  return out;
}

inline std::string file_bytes(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace haven::testing

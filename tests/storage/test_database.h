// A fresh, empty database per test on either engine: a file in a TempDir for SQLite, a
// schema of its own (search_path set through the URL, dropped afterwards) in the PostgreSQL
// named by HAVEN_TEST_POSTGRES_URL. Also the raw access tests need to tamper with it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "fake_clock.h"
#include "seeded_random.h"
#include "storage/open_store.h"
#include "temp_dir.h"

namespace haven::storage::testing {

enum class Engine { Sqlite, Postgres };

// The newest migration this binary embeds (src/storage/migrations/): what a fresh store is at.
inline constexpr int kNewestSchemaVersion = 10;

std::string engine_name(Engine engine);
inline void PrintTo(Engine engine, std::ostream* out) { *out << engine_name(engine); }
// "sqlite"/"postgresql" for parameterised test names.
struct EngineName {
  std::string operator()(::testing::TestParamInfo<Engine> const& info) const {
    return engine_name(info.param);
  }
};

// The PostgreSQL server for tests, or nullopt when HAVEN_TEST_POSTGRES_URL is unset.
std::optional<std::string> postgres_base_url();
// True when HAVEN_REQUIRE_POSTGRES=1: a missing server is then a failure, not a skip.
bool postgres_required();

class TestDatabase {
 public:
  explicit TestDatabase(Engine engine);
  ~TestDatabase();
  TestDatabase(TestDatabase const&) = delete;
  TestDatabase& operator=(TestDatabase const&) = delete;

  Engine engine() const { return engine_; }
  std::string const& url() const { return url_; }
  // Runs `sql` directly on the test database, outside any Store. Fails the test on error.
  void execute(std::string const& sql);
  // First column of the first row as text ("" when none).
  std::string query_text(std::string const& sql);

 private:
  Engine engine_;
  std::optional<haven::testing::TempDir> dir_;
  std::string schema_;
  std::string url_;
};

// Rolls the database back to what a binary at schema `version` left: drops what every newer
// migration created, newest first, and deletes their schema_migrations rows. For upgrade
// tests; close the stores on the database first.
void roll_back_to(TestDatabase& database, int version);

// Base for every test that runs on both engines: skips (or fails, when PostgreSQL is
// required) without a server, and opens stores on the test's database.
class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override;
  void TearDown() override { database_.reset(); }

  StoreConfig config();
  Result<std::unique_ptr<app::Store>> open(StoreConfig const& config);
  Result<std::unique_ptr<app::Store>> open() { return open(config()); }
  // Opens or fails the test.
  std::unique_ptr<app::Store> open_ok(StoreConfig const& config);
  std::unique_ptr<app::Store> open_ok() { return open_ok(config()); }

  TestDatabase& database() { return *database_; }

  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_{7};

 private:
  std::unique_ptr<TestDatabase> database_;
};

}  // namespace haven::storage::testing

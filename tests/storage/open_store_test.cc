#include "storage/open_store.h"

#include <gtest/gtest.h>

#include "fake_clock.h"
#include "seeded_random.h"
#include "temp_dir.h"
#include "test_database.h"

namespace haven::storage {
namespace {

// URL handling; opens SQLite only (PostgreSQL URLs are covered in postgres_store_test.cc).
class OpenStoreTest : public ::testing::TestWithParam<testing::Engine> {
 protected:
  StoreConfig config(std::string url) {
    StoreConfig config;
    config.url = std::move(url);
    config.clock = &clock_;
    config.random = &random_;
    return config;
  }
  haven::testing::TempDir dir_;
  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_;
};

TEST_P(OpenStoreTest, RejectsUnknownSchemesAndRelativePaths) {
  struct Row {
    std::string_view url;
    std::string_view mentions;
  };
  Row const rows[] = {
      {"mysql://haven:s3cret@db/haven", "'mysql'"},
      {"http://example.org/db", "'http'"},
      {"sqlite://relative/haven.db", "absolute"},
      {"haven.db", "absolute"},
      {"", "absolute"},
  };
  for (auto const& row : rows) {
    auto store = open_store(config(std::string(row.url)));
    ASSERT_FALSE(store.ok()) << row.url;
    EXPECT_EQ(store.error().code, ErrorCode::InvalidInput) << row.url;
    EXPECT_NE(store.error().detail.find(row.mentions), std::string::npos)
        << row.url << ": " << store.error().detail;
    EXPECT_EQ(store.error().detail.find("s3cret"), std::string::npos) << "password leaked";
  }
}

TEST_P(OpenStoreTest, PicksSqliteForSqliteUrlsAndPlainPaths) {
  for (auto const& url :
       {"sqlite://" + (dir_.path() / "a.db").string(), (dir_.path() / "b.db").string()}) {
    auto store = open_store(config(url));
    ASSERT_TRUE(store.ok()) << url << ": " << store.error().detail;
    EXPECT_EQ((*store)->engine(), "sqlite");
  }
}

TEST_P(OpenStoreTest, NeedsClockAndRandom) {
  auto missing = config("sqlite://" + (dir_.path() / "c.db").string());
  missing.clock = nullptr;
  auto store = open_store(missing);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::InvalidInput);
  missing = config("postgresql://haven@127.0.0.1:1/postgres");
  missing.random = nullptr;
  store = open_store(missing);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::InvalidInput);
}

INSTANTIATE_TEST_SUITE_P(storage, OpenStoreTest, ::testing::Values(testing::Engine::Sqlite),
                         testing::EngineName());

}  // namespace
}  // namespace haven::storage

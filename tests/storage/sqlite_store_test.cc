#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <future>

#include "app/ports/store.h"
#include "fake_clock.h"
#include "seeded_random.h"
#include "temp_dir.h"
#include "test_database.h"

namespace haven::storage {
namespace {

using namespace std::chrono_literals;

// SQLite-only behaviour (pragmas, file mode, damaged files); the engine parameter only names it.
class SqliteStoreTest : public ::testing::TestWithParam<testing::Engine> {
 protected:
  StoreConfig config() {
    StoreConfig config;
    config.clock = &clock_;
    config.random = &random_;
    config.wait_timeout = 1234ms;
    return config;
  }
  std::filesystem::path path() const { return dir_.path() / "haven.db"; }
  Result<std::unique_ptr<SqliteStore>> open() { return SqliteStore::open(path(), config()); }

  unsigned mode_of(std::filesystem::path const& file) {
    struct stat info {};
    EXPECT_EQ(::stat(file.c_str(), &info), 0) << file;
    return info.st_mode & 0777;
  }
  void write_bytes(std::uint64_t offset, std::string const& bytes) {
    std::fstream file(path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(offset));
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  haven::testing::TempDir dir_;
  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_{3};
};

TEST_P(SqliteStoreTest, AppliesHardenedSettings) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error().detail;
  auto settings = (*store)->read_settings();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->journal_mode, "wal");
  EXPECT_EQ(settings->synchronous, 2) << "synchronous must be FULL";
  EXPECT_TRUE(settings->foreign_keys);
  EXPECT_TRUE(settings->secure_delete);
  EXPECT_FALSE(settings->trusted_schema);
  EXPECT_TRUE(settings->defensive);
  EXPECT_EQ(settings->busy_timeout_ms, 1234);
}

TEST_P(SqliteStoreTest, SettingsSurviveTransactions) {
  auto store = open();
  ASSERT_TRUE(store.ok());
  auto read_only = (*store)->in_transaction([](app::Transaction&) -> Result<void> { return {}; },
                                            app::TransactionMode::ReadOnly);
  ASSERT_TRUE(read_only.ok());
  app::NewJob job{.kind = "k", .payload = "p", .run_after = clock_.now(), .dedupe_key = {}};
  EXPECT_TRUE((*store)->jobs().enqueue(job).ok()) << "query_only was left on";
}

// A commit with synchronous = FULL waits for an fsync; reads must not queue behind it.
TEST_P(SqliteStoreTest, ReadsDoNotWaitForAWriteInProgress) {
  auto store = open();
  ASSERT_TRUE(store.ok());
  std::promise<void> holding, release;
  auto released = release.get_future().share();
  auto writer = std::async(std::launch::async, [&] {
    return (*store)->in_transaction([&](app::Transaction& tx) -> Result<void> {
      app::NewJob job{.kind = "k", .payload = "p", .run_after = clock_.now(), .dedupe_key = {}};
      if (auto enqueued = tx.jobs().enqueue(job); !enqueued.ok()) return enqueued.error();
      holding.set_value();
      released.wait();
      return {};
    });
  });
  holding.get_future().wait();
  auto started = std::chrono::steady_clock::now();
  auto pinged = (*store)->ping();
  auto version = (*store)->schema_version();
  auto read_only = (*store)->in_transaction([](app::Transaction&) -> Result<void> { return {}; },
                                            app::TransactionMode::ReadOnly);
  auto waited = std::chrono::steady_clock::now() - started;
  release.set_value();
  EXPECT_TRUE(writer.get().ok());
  EXPECT_TRUE(pinged.ok());
  EXPECT_TRUE(version.ok());
  EXPECT_TRUE(read_only.ok());
  EXPECT_LT(waited, 1s) << "the wait timeout is 1234 ms: a read queued behind the writer";
}

TEST_P(SqliteStoreTest, DatabaseFilesAreOwnerOnly) {
  auto store = open();
  ASSERT_TRUE(store.ok());
  app::NewJob job{.kind = "k", .payload = "p", .run_after = clock_.now(), .dedupe_key = {}};
  ASSERT_TRUE((*store)->jobs().enqueue(job).ok());
  EXPECT_EQ(mode_of(path()), 0600u);
  auto wal = path();
  wal += "-wal";
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_EQ(mode_of(wal), 0600u);
}

TEST_P(SqliteStoreTest, TightensAWorldReadableFile) {
  ASSERT_TRUE(open().ok());
  ASSERT_EQ(::chmod(path().c_str(), 0644), 0);
  ASSERT_TRUE(open().ok());
  EXPECT_EQ(mode_of(path()), 0600u);
}

TEST_P(SqliteStoreTest, GarbageFileIsCorruptionNotACrash) {
  std::string garbage(16384, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>(i * 131 + 7);
  std::ofstream(path(), std::ios::binary) << garbage;
  auto store = open();
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Corruption) << store.error().detail;
}

TEST_P(SqliteStoreTest, DamagedPageIsCorruption) {
  {
    auto store = open();
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 200; ++i) {
      app::NewJob job{.kind = "k",
                      .payload = std::string(500, 'p'),
                      .run_after = clock_.now(),
                      .dedupe_key = {}};
      ASSERT_TRUE((*store)->jobs().enqueue(job).ok());
    }
  }  // closing the last connection checkpoints the WAL into the file
  ASSERT_GT(std::filesystem::file_size(path()), 8 * 4096u);
  write_bytes(3 * 4096, std::string(4096, '\x5a'));  // page 4: a b-tree page, now nonsense
  auto store = open();
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Corruption) << store.error().detail;
}

TEST_P(SqliteStoreTest, RelativePathIsInvalidInput) {
  auto store = SqliteStore::open("relative/haven.db", config());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::InvalidInput);
}

TEST_P(SqliteStoreTest, MissingDirectoryIsUnavailable) {
  auto store = SqliteStore::open(dir_.path() / "missing" / "haven.db", config());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
}

INSTANTIATE_TEST_SUITE_P(storage, SqliteStoreTest, ::testing::Values(testing::Engine::Sqlite),
                         testing::EngineName());

}  // namespace
}  // namespace haven::storage

#include "app/ports/store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "test_database.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;

class StoreTest : public EngineTest {
 protected:
  app::NewJob job(std::string kind = "mail.send") {
    return app::NewJob{.kind = std::move(kind),
                       .payload = "sealed",
                       .run_after = clock_.now(),
                       .dedupe_key = std::nullopt};
  }
};

TEST_P(StoreTest, OpensEmptyDatabaseAtNewestSchema) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->engine(), engine_name(GetParam()));
  EXPECT_TRUE(store->ping().ok());
  auto version = store->schema_version();
  ASSERT_TRUE(version.ok()) << version.error().detail;
  EXPECT_EQ(*version, kNewestSchemaVersion);
  EXPECT_EQ(database().query_text("SELECT count(*) FROM schema_migrations"),
            std::to_string(kNewestSchemaVersion));
}

TEST_P(StoreTest, ReopenIsIdempotentAndKeepsData) {
  std::optional<app::JobId> id;
  {
    auto store = open_ok();
    ASSERT_NE(store, nullptr);
    auto enqueued = store->jobs().enqueue(job());
    ASSERT_TRUE(enqueued.ok()) << enqueued.error().detail;
    id = enqueued->id;
  }
  for (int i = 0; i < 2; ++i) {
    auto store = open_ok();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->schema_version(), kNewestSchemaVersion);
    auto found = store->jobs().find(*id);
    ASSERT_TRUE(found.ok()) << found.error().detail;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->payload, "sealed");
  }
  EXPECT_EQ(database().query_text("SELECT count(*) FROM schema_migrations"),
            std::to_string(kNewestSchemaVersion));
}

TEST_P(StoreTest, ChangedMigrationIsCorruption) {
  ASSERT_NE(open_ok(), nullptr);
  // What the database records when the file of 0001 was edited after it landed.
  database().execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
  auto store = open();
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Corruption);
  EXPECT_EQ(store.error().detail, "migration 0001 changed after it was applied");
}

TEST_P(StoreTest, NewerSchemaIsRefused) {
  ASSERT_NE(open_ok(), nullptr);
  // What a newer Haven leaves behind.
  database().execute(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
      "VALUES (" +
      std::to_string(kNewestSchemaVersion + 1) + ", 'future', 'abc', 0)");
  auto store = open();
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Conflict);
  EXPECT_NE(store.error().detail.find("newer than this binary"), std::string::npos)
      << store.error().detail;
}

TEST_P(StoreTest, ConcurrentOpenOfAFreshDatabaseIsSafe) {
  auto opener = [&] { return open(); };
  auto first = std::async(std::launch::async, opener);
  auto second = std::async(std::launch::async, opener);
  for (auto* future : {&first, &second}) {
    auto store = future->get();
    ASSERT_TRUE(store.ok()) << store.error().detail;
    EXPECT_EQ(*(*store)->schema_version(), kNewestSchemaVersion);
  }
  EXPECT_EQ(database().query_text("SELECT count(*) FROM schema_migrations"),
            std::to_string(kNewestSchemaVersion));
}

TEST_P(StoreTest, CommitsWhatTheWorkReturns) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  auto id = store->in_transaction([&](app::Transaction& tx) -> Result<app::JobId> {
    auto enqueued = tx.jobs().enqueue(job());
    if (!enqueued.ok()) return std::move(enqueued).error();
    return enqueued->id;
  });
  ASSERT_TRUE(id.ok()) << id.error().detail;
  auto found = store->jobs().find(*id);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->has_value());
}

TEST_P(StoreTest, RollbackOnErrorLeavesNothing) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  std::optional<app::JobId> id;
  auto result = store->in_transaction([&](app::Transaction& tx) -> Result<void> {
    auto enqueued = tx.jobs().enqueue(job());
    if (!enqueued.ok()) return std::move(enqueued).error();
    id = enqueued->id;
    return make_error(ErrorCode::PermissionDenied, "changed my mind");
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::PermissionDenied);
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(store->jobs().find(*id)->has_value());
  EXPECT_FALSE(store->jobs().claim("w1", clock_.now(), 30s)->has_value());
  // The store is usable afterwards.
  EXPECT_TRUE(store->jobs().enqueue(job()).ok());
}

TEST_P(StoreTest, RollbackOnExceptionLeavesNothingAndRethrows) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  EXPECT_THROW((void)store->in_transaction([&](app::Transaction& tx) -> Result<void> {
    (void)tx.jobs().enqueue(job());
    throw std::runtime_error("bug");
  }),
               std::runtime_error);
  EXPECT_FALSE(store->jobs().claim("w1", clock_.now(), 30s)->has_value());
  EXPECT_TRUE(store->jobs().enqueue(job()).ok());
}

TEST_P(StoreTest, ReadOnlyTransactionCannotWrite) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  auto result = store->in_transaction(
      [&](app::Transaction& tx) -> Result<void> {
        auto enqueued = tx.jobs().enqueue(job());
        if (!enqueued.ok()) return std::move(enqueued).error();
        return {};
      },
      app::TransactionMode::ReadOnly);
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(store->jobs().claim("w1", clock_.now(), 30s)->has_value());
  EXPECT_TRUE(store->jobs().enqueue(job()).ok());  // and writes work again afterwards
}

TEST_P(StoreTest, BusyStoreTimesOutWithUnavailable) {
  auto config = this->config();
  config.pool_size = 1;
  config.wait_timeout = 200ms;
  auto store = open_ok(config);
  ASSERT_NE(store, nullptr);
  std::promise<void> holding, release;
  auto holder = std::async(std::launch::async, [&] {
    return store->in_transaction([&](app::Transaction&) -> Result<void> {
      holding.set_value();
      release.get_future().wait();
      return {};
    });
  });
  holding.get_future().wait();
  auto started = std::chrono::steady_clock::now();
  auto blocked = store->in_transaction([](app::Transaction&) -> Result<void> { return {}; });
  auto waited = std::chrono::steady_clock::now() - started;
  release.set_value();
  EXPECT_TRUE(holder.get().ok());
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::Unavailable);
  EXPECT_GE(waited, 150ms);
  EXPECT_LT(waited, 5s);
}

INSTANTIATE_TEST_SUITE_P(storage, StoreTest, ::testing::Values(Engine::Sqlite, Engine::Postgres),
                         EngineName());

}  // namespace
}  // namespace haven::storage::testing

#include "app/ports/audit_repository.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "app/audit_log.h"
#include "app/ports/store.h"
#include "test_database.h"
#include "vault/secret_bytes.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;

class AuditRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = open_ok();
    ASSERT_NE(store_, nullptr);
  }

  // The entry after `head` (links are arbitrary bytes here: storage does not check them).
  app::AuditEntry next_entry(app::AuditHead const& head, std::optional<domain::OrgId> org) {
    app::AuditEntry entry;
    entry.sequence = head.sequence + 1;
    entry.at = clock_.now();
    entry.actor_kind = app::AuditActorKind::User;
    entry.actor_id = domain::UserId::generate(random_);
    entry.action = app::AuditAction::MemberAdded;
    entry.organisation = std::move(org);
    entry.object_kind = app::AuditObjectKind::User;
    entry.object_id = domain::UserId::generate(random_).str();
    entry.outcome = app::AuditOutcome::Denied;
    entry.previous_link = head.link;
    entry.link.fill(static_cast<std::uint8_t>(entry.sequence));
    return entry;
  }

  Result<app::AuditEntry> append(std::optional<domain::OrgId> org) {
    return store_->in_transaction([&](app::Transaction& tx) -> Result<app::AuditEntry> {
      auto head = tx.audit().lock_head();
      if (!head) return std::move(head).error();
      auto entry = next_entry(*head, org);
      if (auto added = tx.audit().append(entry); !added) return std::move(added).error();
      return entry;
    });
  }

  std::unique_ptr<app::Store> store_;
};

TEST_P(AuditRepositoryTest, EmptyLogHasHeadZero) {
  auto head = store_->in_transaction([](app::Transaction& tx) { return tx.audit().lock_head(); });
  ASSERT_TRUE(head.ok()) << head.error().detail;
  EXPECT_EQ(head->sequence, 0);
  EXPECT_EQ(head->link, app::AuditLink{});
}

TEST_P(AuditRepositoryTest, EntriesRoundTripAndMoveTheHead) {
  auto org = domain::OrgId::generate(random_);
  auto first = append(org);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  clock_.advance(5s);
  auto second = append(std::nullopt);
  ASSERT_TRUE(second.ok()) << second.error().detail;

  auto all = store_->in_transaction(
      [](app::Transaction& tx) { return tx.audit().list(std::nullopt, 0, 100); },
      app::TransactionMode::ReadOnly);
  ASSERT_TRUE(all.ok()) << all.error().detail;
  ASSERT_EQ(all->size(), 2u);
  auto const& got = all->front();
  EXPECT_EQ(got.sequence, 1);
  EXPECT_EQ(got.at, first->at);
  EXPECT_EQ(got.actor_kind, app::AuditActorKind::User);
  EXPECT_EQ(got.actor_id, first->actor_id);
  EXPECT_EQ(got.action, app::AuditAction::MemberAdded);
  EXPECT_EQ(got.organisation, org);
  EXPECT_EQ(got.object_kind, app::AuditObjectKind::User);
  EXPECT_EQ(got.object_id, first->object_id);
  EXPECT_EQ(got.outcome, app::AuditOutcome::Denied);
  EXPECT_EQ(got.previous_link, app::AuditLink{});
  EXPECT_EQ(got.link, first->link);
  EXPECT_EQ((*all)[1].previous_link, first->link);
  EXPECT_FALSE((*all)[1].organisation.has_value());

  auto head = store_->in_transaction([](app::Transaction& tx) { return tx.audit().lock_head(); });
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->sequence, 2);
  EXPECT_EQ(head->link, second->link);
}

TEST_P(AuditRepositoryTest, ListPagesAndFiltersByOrganisation) {
  auto org_a = domain::OrgId::generate(random_);
  auto org_b = domain::OrgId::generate(random_);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(append(i % 2 == 0 ? org_a : org_b).ok());
  auto page = [&](std::optional<domain::OrgId> org, std::int64_t after, std::size_t limit) {
    auto got = store_->in_transaction(
        [&](app::Transaction& tx) { return tx.audit().list(org, after, limit); });
    EXPECT_TRUE(got.ok());
    std::vector<std::int64_t> sequences;
    for (auto const& e : *got) sequences.push_back(e.sequence);
    return sequences;
  };
  EXPECT_EQ(page(std::nullopt, 0, 2), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(page(std::nullopt, 2, 2), (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(page(std::nullopt, 4, 2), (std::vector<std::int64_t>{5}));
  EXPECT_EQ(page(org_a, 0, 10), (std::vector<std::int64_t>{1, 3, 5}));
  EXPECT_EQ(page(org_b, 2, 10), (std::vector<std::int64_t>{4}));
}

TEST_P(AuditRepositoryTest, AppendThatDoesNotExtendTheHeadIsConflict) {
  ASSERT_TRUE(append(std::nullopt).ok());
  auto stale = store_->in_transaction([&](app::Transaction& tx) {
    return tx.audit().append(next_entry(app::AuditHead{}, std::nullopt));  // sequence 1 again
  });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::Conflict);
}

TEST_P(AuditRepositoryTest, TriggersRefuseUpdateAndDelete) {
  ASSERT_TRUE(append(std::nullopt).ok());
  // Straight SQL, outside the store: TestDatabase::execute reports the engine's refusal as
  // a test failure, which is what we expect here.
  for (std::string sql : {"UPDATE audit_entries SET action = 'sign_out'",
                          "DELETE FROM audit_entries WHERE sequence = 1"}) {
    SCOPED_TRACE(sql);
    EXPECT_NONFATAL_FAILURE(database().execute(sql), "append-only");
  }
  EXPECT_EQ(database().query_text("SELECT action FROM audit_entries WHERE sequence = 1"),
            "member_added");
}

// Appends from 8 threads through the use case: the head lock must queue them into one
// gap-free chain that verifies (no two entries with the same sequence or predecessor).
TEST_P(AuditRepositoryTest, ConcurrentAppendsNeverForkTheChain) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  auto key = vault::SecretBytes::random(32);
  app::AuditLog log(clock_, key);
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto added = store_->in_transaction([&](app::Transaction& tx) {
          return log.append(tx,
                            app::AuditEvent::by(app::Actor::system(), app::AuditAction::SignIn));
        });
        if (!added.ok()) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;

  app::AuditChainVerifier verifier(key);
  std::int64_t after = 0;
  for (;;) {
    auto page = store_->in_transaction(
        [&](app::Transaction& tx) { return tx.audit().list(std::nullopt, after, 64); },
        app::TransactionMode::ReadOnly);
    ASSERT_TRUE(page.ok()) << page.error().detail;
    if (page->empty()) break;
    for (auto const& entry : *page) {
      auto broken = verifier.feed(entry);
      ASSERT_TRUE(broken.ok());
      ASSERT_FALSE(broken->has_value()) << "broken at " << (*broken)->sequence;
    }
    after = page->back().sequence;
  }
  EXPECT_EQ(verifier.entries_checked(), kThreads * kPerThread);
}

TEST_P(AuditRepositoryTest, Migration0003AppliesOnADatabaseAtVersion2) {
  domain::Organisation org{.id = domain::OrgId::generate(random_),
                           .details = {.name = "Before upgrade",
                                       .country = "LV",
                                       .city = "Riga",
                                       .languages = {domain::Language::Ru},
                                       .kind = domain::OrganisationKind::MemberOrganisation},
                           .public_key = std::nullopt,
                           .created_at = clock_.now()};
  ASSERT_TRUE(
      store_->in_transaction([&](app::Transaction& tx) { return tx.organisations().add(org); })
          .ok());
  store_.reset();
  // Roll the database back to what a version-2 binary left: no audit tables (nor those of
  // later migrations).
  roll_back_to(database(), 2);
  EXPECT_EQ(database().query_text("SELECT max(version) FROM schema_migrations"), "2");

  store_ = open_ok();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->schema_version(), kNewestSchemaVersion);
  auto found =
      store_->in_transaction([&](app::Transaction& tx) { return tx.organisations().find(org.id); },
                             app::TransactionMode::ReadOnly);
  EXPECT_TRUE(found.ok());  // version-2 data survives
  auto added = append(org.id);
  ASSERT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(added->sequence, 1);
}

INSTANTIATE_TEST_SUITE_P(storage, AuditRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing

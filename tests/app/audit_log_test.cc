#include "app/audit_log.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "app/read_audit.h"

#include "fake_clock.h"
#include "seeded_random.h"
#include "storage/open_store.h"
#include "temp_dir.h"
#include "vault/secret_bytes.h"

namespace haven::app {
namespace {

using domain::NetworkAdmin;
using domain::OrgId;
using domain::Role;
using domain::UserId;

// The log on the real SQLite store in a temp dir (both engines: tests/storage).
class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreConfig config;
    config.url = "sqlite://" + (dir_.path() / "haven.db").string();
    config.clock = &clock_;
    config.random = &random_;
    auto opened = storage::open_store(config);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(opened).value();
  }

  Result<AuditEntry> append(AuditEvent const& event) {
    return store_->in_transaction([&](Transaction& tx) { return log_.append(tx, event); });
  }

  AuditEvent event_in(OrgId const& org) {
    auto event = AuditEvent::by(Actor::system(), AuditAction::MemberAdded);
    event.organisation = org;
    event.object_kind = AuditObjectKind::User;
    event.object_id = UserId::generate(random_).str();
    return event;
  }

  std::vector<std::int64_t> sequences(Result<std::vector<AuditEntry>> const& listed) {
    std::vector<std::int64_t> out;
    if (!listed.ok()) return out;
    for (auto const& e : *listed) out.push_back(e.sequence);
    return out;
  }

  haven::testing::TempDir dir_;
  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_{5};
  std::unique_ptr<Store> store_;
  vault::SecretBytes key_ = vault::SecretBytes::random(32);
  AuditLog log_{clock_, key_};
  OrgId org_a_ = OrgId::generate(random_);
  OrgId org_b_ = OrgId::generate(random_);
};

TEST_F(AuditLogTest, AppendsAVerifiableChain) {
  for (int i = 0; i < 3; ++i) {
    auto added = append(event_in(i == 1 ? org_b_ : org_a_));
    ASSERT_TRUE(added.ok()) << added.error().detail;
    EXPECT_EQ(added->sequence, i + 1);
    clock_.advance(std::chrono::seconds(1));
  }
  auto all = log_.list(*store_, Actor::system(), std::nullopt, 0, 10);
  ASSERT_TRUE(all.ok());
  AuditChainVerifier verifier(key_);
  for (auto const& entry : *all) EXPECT_FALSE(verifier.feed(entry).value().has_value());
  EXPECT_EQ(verifier.entries_checked(), 3);
}

TEST_F(AuditLogTest, MalformedEventsAreRefusedAndLeaveNoEntry) {
  auto bad_object = event_in(org_a_);
  bad_object.object_id = "not-an-id";
  auto no_kind = event_in(org_a_);
  no_kind.object_kind = AuditObjectKind::None;
  auto user_without_id = event_in(org_a_);
  user_without_id.actor_kind = AuditActorKind::User;
  for (auto const& event : {bad_object, no_kind, user_without_id}) {
    auto added = append(event);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::InvalidInput);
  }
  EXPECT_TRUE(sequences(log_.list(*store_, Actor::system(), std::nullopt, 0, 10)).empty());
}

TEST_F(AuditLogTest, ListFollowsThePolicy) {
  ASSERT_TRUE(append(event_in(org_a_)).ok());
  ASSERT_TRUE(append(event_in(org_b_)).ok());
  ASSERT_TRUE(append(event_in(org_a_)).ok());
  auto coordinator_a =
      Actor::user(UserId::generate(random_), NetworkAdmin::No, {{org_a_, Role::Coordinator}});
  auto counsellor_a =
      Actor::user(UserId::generate(random_), NetworkAdmin::No, {{org_a_, Role::Counsellor}});
  auto admin = Actor::user(UserId::generate(random_), NetworkAdmin::Yes, {});

  EXPECT_EQ(sequences(log_.list(*store_, coordinator_a, org_a_, 0, 10)),
            (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(sequences(log_.list(*store_, admin, std::nullopt, 0, 10)),
            (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(sequences(log_.list(*store_, admin, org_b_, 0, 10)), (std::vector<std::int64_t>{2}));

  struct Row {
    std::string_view name;
    Actor const& actor;
    std::optional<OrgId> org;
    ErrorCode want;
  };
  Row const rows[] = {
      // Another organisation answers as if it did not exist (policy: outsiders NotFound).
      {"coordinator, other org", coordinator_a, org_b_, ErrorCode::NotFound},
      {"coordinator, whole network", coordinator_a, std::nullopt, ErrorCode::PermissionDenied},
      {"counsellor, own org", counsellor_a, org_a_, ErrorCode::PermissionDenied},
      {"counsellor, other org", counsellor_a, org_b_, ErrorCode::NotFound},
  };
  for (auto const& row : rows) {
    auto listed = log_.list(*store_, row.actor, row.org, 0, 10);
    ASSERT_FALSE(listed.ok()) << row.name;
    EXPECT_EQ(listed.error().code, row.want) << row.name;
  }
}

TEST_F(AuditLogTest, ListPagesAfterASequence) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(append(event_in(org_a_)).ok());
  EXPECT_EQ(sequences(log_.list(*store_, Actor::system(), std::nullopt, 2, 2)),
            (std::vector<std::int64_t>{3, 4}));
}

// Reads recorded at the same moment share transactions, yet each is one entry of an intact
// chain, and a bad event fails alone, whichever batch it landed in.
TEST_F(AuditLogTest, ReadsRecordedAtOnceAllLandInOneIntactChain) {
  ReadAudit reads(*store_, log_);
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::vector<AuditEvent>> events(kThreads);
  for (auto& mine : events) {
    for (int i = 0; i < kEach; ++i) {
      auto event = event_in(org_a_);
      event.action = AuditAction::CaseOpened;
      event.object_kind = AuditObjectKind::Case;
      if (i % 5 == 4) event.object_id = "not an id";  // AuditLog refuses it
      mine.push_back(event);
    }
  }
  std::vector<std::vector<ErrorCode>> refused(kThreads);
  std::vector<int> recorded(kThreads, 0);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (auto const& event : events[static_cast<std::size_t>(t)]) {
          auto result = reads.record(event);
          if (result) {
            ++recorded[static_cast<std::size_t>(t)];
          } else {
            refused[static_cast<std::size_t>(t)].push_back(result.error().code);
          }
        }
      });
    }
  }
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(recorded[static_cast<std::size_t>(t)], kEach - kEach / 5);
    EXPECT_EQ(refused[static_cast<std::size_t>(t)],
              std::vector<ErrorCode>(kEach / 5, ErrorCode::InvalidInput));
  }
  auto verdict = log_.verify(*store_, Actor::system());
  ASSERT_TRUE(verdict.ok()) << verdict.error().detail;
  EXPECT_EQ(verdict->entries, kThreads * (kEach - kEach / 5));
  EXPECT_FALSE(verdict->first_break.has_value());
}

}  // namespace
}  // namespace haven::app

#include "app/ports/session_repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts_fixture.h"
#include "app/ports/store.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using app::SessionId;
using app::SessionRepository;
using app::StaffSession;
using domain::UserId;

std::string repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

class SessionRepositoryTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    alice_ = add_user("alice");
    bob_ = add_user("bob");
  }

  template <class Work>
  auto sessions(Work work) {
    return tx([&](app::Transaction& t) { return work(t.sessions()); });
  }

  StaffSession session(UserId const& user) {
    auto now = clock_.now();
    return StaffSession{.id = SessionId::generate(random_),
                        .user = user,
                        .secret_hash = hash32("secret"),
                        .wrapped_user_key = std::string("\x00wrapped\x00key", 12),
                        .client_label = "Firefox, Android",
                        .created_at = now,
                        .last_seen_at = now,
                        .expires_at = now + 12h};
  }

  SessionId add(StaffSession const& s) {
    auto added = sessions([&](SessionRepository& r) { return r.add(s); });
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return s.id;
  }

  Result<StaffSession> find(SessionId const& id) {
    return sessions([&](SessionRepository& r) { return r.find(id); });
  }

  std::vector<SessionId> ids_of(UserId const& user) {
    auto listed = sessions([&](SessionRepository& r) { return r.list_for_user(user); });
    EXPECT_TRUE(listed.ok());
    std::vector<SessionId> out;
    if (listed.ok()) {
      for (auto const& s : *listed) out.push_back(s.id);
    }
    return out;
  }

  UserId alice_ = UserId::parse(std::string(32, '0')).value();
  UserId bob_ = alice_;
};

TEST_P(SessionRepositoryTest, RoundTripsEveryField) {
  auto s = session(alice_);
  s.last_seen_at = s.created_at + 5min + 7ms;
  s.expires_at = s.created_at + 12h + 1ms;
  add(s);
  auto empty_label = session(alice_);
  empty_label.client_label = "";
  add(empty_label);

  auto found = find(s.id);
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->id, s.id);
  EXPECT_EQ(found->user, alice_);
  EXPECT_EQ(found->secret_hash, s.secret_hash);
  EXPECT_EQ(found->wrapped_user_key, s.wrapped_user_key);
  EXPECT_EQ(found->client_label, "Firefox, Android");
  EXPECT_EQ(found->created_at, s.created_at);
  EXPECT_EQ(found->last_seen_at, s.last_seen_at);
  EXPECT_EQ(found->expires_at, s.expires_at);
  auto found_empty = find(empty_label.id);
  ASSERT_TRUE(found_empty.ok());
  EXPECT_EQ(found_empty->client_label, "");

  EXPECT_EQ(code_of(find(SessionId::generate(random_))), ErrorCode::NotFound);
}

TEST_P(SessionRepositoryTest, UnknownUserIsNotFoundAndTakenIdIsConflict) {
  auto stray = session(UserId::generate(random_));
  EXPECT_EQ(code_of(sessions([&](SessionRepository& r) { return r.add(stray); })),
            ErrorCode::NotFound);

  auto s = session(alice_);
  add(s);
  auto again = session(bob_);
  again.id = s.id;
  auto other = session(bob_);
  // The Conflict leaves the transaction usable (PostgreSQL aborts on a failed statement).
  auto added = sessions([&](SessionRepository& r) -> Result<void> {
    EXPECT_EQ(code_of(r.add(again)), ErrorCode::Conflict);
    return r.add(other);
  });
  EXPECT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(find(s.id)->user, alice_);
  EXPECT_TRUE(find(other.id).ok());
}

TEST_P(SessionRepositoryTest, RefusesMalformedSecretHashAndLongLabel) {
  struct Row {
    std::string_view name;
    std::size_t hash_bytes;
    std::string label;
    std::optional<ErrorCode> want;  // nullopt: added
  };
  for (auto const& row :
       {Row{"short hash", 31, "x", ErrorCode::InvalidInput},
        Row{"long hash", 33, "x", ErrorCode::InvalidInput},
        Row{"label of 65 bytes", 32, std::string(65, 'l'), ErrorCode::InvalidInput},
        Row{"label of 64 bytes in 32 characters", 32, repeat("ж", 32), std::nullopt},
        Row{"label of 66 bytes in 33 characters", 32, repeat("ж", 33), ErrorCode::InvalidInput},
        Row{"label of 64 bytes", 32, std::string(64, 'l'), std::nullopt}}) {
    auto s = session(alice_);
    s.secret_hash = std::string(row.hash_bytes, 'h');
    s.client_label = row.label;
    auto added = sessions([&](SessionRepository& r) { return r.add(s); });
    if (row.want) {
      EXPECT_EQ(code_of(added), *row.want) << row.name;
    } else {
      EXPECT_TRUE(added.ok()) << row.name << ": " << added.error().detail;
      EXPECT_EQ(find(s.id)->client_label, row.label) << row.name;
    }
  }
}

TEST_P(SessionRepositoryTest, TouchOnlyMovesForward) {
  auto s = session(alice_);
  add(s);
  auto touch = [&](SessionId const& id, auto at) {
    return sessions([&](SessionRepository& r) { return r.touch(id, at); });
  };
  ASSERT_TRUE(touch(s.id, s.created_at + 10min).ok());
  EXPECT_EQ(find(s.id)->last_seen_at, s.created_at + 10min);
  // Older and equal times succeed and leave it.
  EXPECT_TRUE(touch(s.id, s.created_at + 3min).ok());
  EXPECT_TRUE(touch(s.id, s.created_at + 10min).ok());
  auto found = find(s.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->last_seen_at, s.created_at + 10min);
  EXPECT_EQ(found->created_at, s.created_at);
  EXPECT_EQ(found->expires_at, s.expires_at);  // never extended
  EXPECT_EQ(code_of(touch(SessionId::generate(random_), s.created_at + 11min)),
            ErrorCode::NotFound);
}

TEST_P(SessionRepositoryTest, RemoveWorksOnce) {
  auto s = session(alice_);
  add(s);
  auto remove = [&] { return sessions([&](SessionRepository& r) { return r.remove(s.id); }); };
  EXPECT_TRUE(remove().ok());
  EXPECT_EQ(code_of(find(s.id)), ErrorCode::NotFound);
  EXPECT_EQ(code_of(remove()), ErrorCode::NotFound);
  auto touched = sessions([&](SessionRepository& r) { return r.touch(s.id, clock_.now() + 1h); });
  EXPECT_EQ(code_of(touched), ErrorCode::NotFound);
}

TEST_P(SessionRepositoryTest, ListsAUsersSessionsNewestFirst) {
  std::vector<SessionId> added;
  for (int i = 0; i < 3; ++i) {
    added.push_back(add(session(alice_)));
    add(session(bob_));
    clock_.advance(1min);
  }
  EXPECT_EQ(ids_of(alice_), (std::vector<SessionId>{added[2], added[1], added[0]}));
  EXPECT_EQ(ids_of(bob_).size(), 3u);
  EXPECT_TRUE(ids_of(UserId::generate(random_)).empty());
}

TEST_P(SessionRepositoryTest, RemoveForUserKeepsTheOneToKeep) {
  std::vector<SessionId> mine;
  for (int i = 0; i < 3; ++i) {
    mine.push_back(add(session(alice_)));
    clock_.advance(1s);
  }
  auto bobs = add(session(bob_));
  auto remove_for = [&](UserId const& user, std::optional<SessionId> keep) {
    return sessions([&](SessionRepository& r) { return r.remove_for_user(user, keep); });
  };
  auto removed = remove_for(alice_, mine[1]);
  ASSERT_TRUE(removed.ok()) << removed.error().detail;
  EXPECT_EQ(*removed, 2u);
  EXPECT_EQ(ids_of(alice_), std::vector<SessionId>{mine[1]});
  EXPECT_EQ(ids_of(bob_), std::vector<SessionId>{bobs});
  // Keeping another user's session keeps nothing of this one's.
  EXPECT_EQ(*remove_for(alice_, bobs), 1u);
  EXPECT_EQ(ids_of(bob_), std::vector<SessionId>{bobs});
  EXPECT_EQ(*remove_for(alice_, std::nullopt), 0u);
  EXPECT_EQ(*remove_for(bob_, std::nullopt), 1u);
  EXPECT_TRUE(ids_of(bob_).empty());
}

TEST_P(SessionRepositoryTest, RemoveExpiredTakesExpiredAndIdleUpToTheLimit) {
  auto const now = clock_.now() + 24h;
  auto const idle_before = now - 30min;
  auto make = [&](auto expires_at, auto last_seen_at) {
    auto s = session(alice_);
    s.created_at = now - 12h;
    s.expires_at = expires_at;
    s.last_seen_at = last_seen_at;
    return add(s);
  };
  auto fresh = make(now + 1h, now - 1min);
  auto at_both_boundaries = make(now, idle_before);  // neither past nor idle: stays
  make(now - 1ms, now - 1min);                       // expired
  make(now + 1h, idle_before - 1ms);                 // idle
  make(now - 1h, idle_before - 1h);                  // both

  auto sweep = [&](std::size_t limit) {
    return sessions(
        [&](SessionRepository& r) { return r.remove_expired(now, idle_before, limit); });
  };
  EXPECT_EQ(*sweep(0), 0u);
  EXPECT_EQ(*sweep(2), 2u);
  EXPECT_EQ(*sweep(10), 1u);
  EXPECT_EQ(*sweep(10), 0u);
  auto left = ids_of(alice_);
  std::sort(left.begin(), left.end());
  std::vector<SessionId> want{fresh, at_both_boundaries};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(left, want);
}

TEST_P(SessionRepositoryTest, RolledBackTransactionLeavesNothing) {
  auto s = session(alice_);
  auto kept = session(alice_);
  add(kept);
  auto done = sessions([&](SessionRepository& r) -> Result<void> {
    if (auto added = r.add(s); !added) return added;
    if (auto touched = r.touch(kept.id, kept.created_at + 1h); !touched) return touched;
    if (auto removed = r.remove_for_user(alice_, s.id); !removed) return removed.error();
    return make_error(ErrorCode::PermissionDenied, "changed my mind");
  });
  EXPECT_EQ(code_of(done), ErrorCode::PermissionDenied);
  EXPECT_EQ(code_of(find(s.id)), ErrorCode::NotFound);
  auto found = find(kept.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->last_seen_at, kept.last_seen_at);
}

TEST_P(SessionRepositoryTest, Migration0004AppliesOnADatabaseAtVersion3) {
  store_.reset();
  // Roll the database back to what a version-3 binary left: no session tables.
  roll_back_to(database(), 3);
  EXPECT_EQ(database().query_text("SELECT max(version) FROM schema_migrations"), "3");

  store_ = open_ok();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->schema_version(), kNewestSchemaVersion);
  auto user = tx([&](app::Transaction& t) { return t.staff().find_user(alice_); });
  EXPECT_TRUE(user.ok());  // version-3 data survives
  add(session(alice_));
  EXPECT_EQ(ids_of(alice_).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(storage, SessionRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing

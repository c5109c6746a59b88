#include "app/ports/sign_in_failures.h"

#include <gtest/gtest.h>

#include <string>

#include "accounts_fixture.h"
#include "app/ports/store.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using app::SignInFailures;
using TimePoint = std::chrono::system_clock::time_point;

class SignInFailuresTest : public AccountsTest {
 protected:
  template <class Work>
  auto failures(Work work) {
    return tx([&](app::Transaction& t) { return work(t.sign_in_failures()); });
  }

  void record(std::string const& key, TimePoint at) {
    auto recorded = failures([&](SignInFailures& f) { return f.record(key, at); });
    EXPECT_TRUE(recorded.ok()) << recorded.error().detail;
  }

  std::size_t count(std::string const& key, TimePoint since) {
    auto counted = failures([&](SignInFailures& f) { return f.count_since(key, since); });
    EXPECT_TRUE(counted.ok()) << counted.error().detail;
    return counted.ok() ? *counted : 999;
  }

  std::string const key_a_ = hash32("account a");
  std::string const key_b_ = hash32("account b");
};

TEST_P(SignInFailuresTest, CountSinceIncludesTheBoundary) {
  auto const t0 = clock_.now();
  record(key_a_, t0);
  record(key_a_, t0 + 10s);
  record(key_a_, t0 + 10s);  // the same millisecond twice counts twice
  record(key_a_, t0 + 20s);
  record(key_b_, t0 + 10s);

  EXPECT_EQ(count(key_a_, t0 - 1ms), 4u);
  EXPECT_EQ(count(key_a_, t0), 4u);
  EXPECT_EQ(count(key_a_, t0 + 1ms), 3u);
  EXPECT_EQ(count(key_a_, t0 + 10s), 3u);
  EXPECT_EQ(count(key_a_, t0 + 10s + 1ms), 1u);
  EXPECT_EQ(count(key_a_, t0 + 20s), 1u);
  EXPECT_EQ(count(key_a_, t0 + 20s + 1ms), 0u);
  EXPECT_EQ(count(key_b_, t0), 1u);
  EXPECT_EQ(count(hash32("nobody"), t0), 0u);
}

TEST_P(SignInFailuresTest, ClearForgetsOnlyThatKey) {
  auto const t0 = clock_.now();
  record(key_a_, t0);
  record(key_a_, t0 + 1s);
  record(key_b_, t0);
  EXPECT_TRUE(failures([&](SignInFailures& f) { return f.clear(key_a_); }).ok());
  EXPECT_EQ(count(key_a_, t0), 0u);
  EXPECT_EQ(count(key_b_, t0), 1u);
  // Clearing a key without failures is fine.
  EXPECT_TRUE(failures([&](SignInFailures& f) { return f.clear(key_a_); }).ok());
}

TEST_P(SignInFailuresTest, RemoveOlderThanKeepsTheBoundaryAndHonoursTheLimit) {
  auto const t0 = clock_.now();
  for (int i = 0; i < 4; ++i) record(key_a_, t0 + std::chrono::seconds{i});
  record(key_b_, t0);
  auto remove = [&](TimePoint before, std::size_t limit) {
    return failures([&](SignInFailures& f) { return f.remove_older_than(before, limit); });
  };
  // Older than t0 + 2s: key a at t0 and t0 + 1s, key b at t0.
  EXPECT_EQ(*remove(t0 + 2s, 0), 0u);
  EXPECT_EQ(*remove(t0 + 2s, 2), 2u);
  EXPECT_EQ(*remove(t0 + 2s, 10), 1u);
  EXPECT_EQ(*remove(t0 + 2s, 10), 0u);
  EXPECT_EQ(count(key_a_, t0), 2u);  // the one at exactly t0 + 2s stays
  EXPECT_EQ(count(key_b_, t0), 0u);
}

TEST_P(SignInFailuresTest, KeyOfWrongSizeIsInvalidInput) {
  for (std::string key : {std::string(), std::string(31, 'k'), std::string(33, 'k')}) {
    EXPECT_EQ(code_of(failures([&](SignInFailures& f) { return f.record(key, clock_.now()); })),
              ErrorCode::InvalidInput);
    EXPECT_EQ(
        code_of(failures([&](SignInFailures& f) { return f.count_since(key, clock_.now()); })),
        ErrorCode::InvalidInput);
    EXPECT_EQ(code_of(failures([&](SignInFailures& f) { return f.clear(key); })),
              ErrorCode::InvalidInput);
  }
}

TEST_P(SignInFailuresTest, RolledBackTransactionLeavesNothing) {
  auto const t0 = clock_.now();
  record(key_b_, t0);
  auto done = failures([&](SignInFailures& f) -> Result<void> {
    if (auto recorded = f.record(key_a_, t0); !recorded) return recorded;
    if (auto cleared = f.clear(key_b_); !cleared) return cleared;
    return make_error(ErrorCode::Unavailable, "lost the connection");
  });
  EXPECT_EQ(code_of(done), ErrorCode::Unavailable);
  EXPECT_EQ(count(key_a_, t0), 0u);
  EXPECT_EQ(count(key_b_, t0), 1u);
}

INSTANTIATE_TEST_SUITE_P(storage, SignInFailuresTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing

#include "app/ports/job_queue.h"

#include <gtest/gtest.h>

#include "seeded_random.h"
#include "storage/migrations.h"
#include "test_database.h"

#include <set>

namespace haven::app {
namespace {

using namespace std::chrono_literals;
using storage::testing::Engine;

// Rules every engine shares (ports code). Parameterised only so that ctest names carry the
// "storage/" prefix that `ctest -R storage` selects on.
class JobRulesTest : public ::testing::TestWithParam<Engine> {};

TEST_P(JobRulesTest, RetryPolicyDoublesFromBaseUpToTheCap) {
  RetryPolicy policy{.base = 30s, .cap = 1h, .jitter_percent = 0};
  haven::testing::SeededRandom random;
  struct Row {
    int attempts;
    std::chrono::milliseconds want;
  };
  Row const rows[] = {{1, 30s}, {2, 60s}, {3, 120s}, {7, 1920s}, {8, 1h}, {1000, 1h}, {0, 30s}};
  for (auto const& row : rows) {
    EXPECT_EQ(policy.delay_after(row.attempts, random), row.want) << row.attempts;
  }
}

TEST_P(JobRulesTest, RetryPolicyJitterStaysWithinItsShareAndTheCap) {
  RetryPolicy policy{.base = 10s, .cap = 25s, .jitter_percent = 20};
  haven::testing::SeededRandom random(11);
  std::set<std::chrono::milliseconds::rep> seen;
  for (int i = 0; i < 200; ++i) {
    auto first = policy.delay_after(1, random);
    EXPECT_GE(first, 10s);
    EXPECT_LE(first, 12s);
    seen.insert(first.count());
    EXPECT_LE(policy.delay_after(2, random), 24s);
    EXPECT_EQ(policy.delay_after(3, random), 25s);  // 40 s capped, jitter cannot exceed it
  }
  EXPECT_GT(seen.size(), 100u);
}

TEST_P(JobRulesTest, SanitizeErrorKeepsValidUtf8AndReplacesTheRest) {
  struct Row {
    std::string_view name;
    std::string input;
    std::string want;
  };
  Row const rows[] = {
      {"plain", "smtp 451", "smtp 451"},
      {"cyrillic", "ошибка", "ошибка"},
      {"control bytes", std::string("a\0b\nc", 5), "a b c"},
      {"invalid utf-8", "x\xff\xc3y", "x??y"},
      {"overlong", "\xc0\xaf", "??"},
      {"surrogate", "\xed\xa0\x80", "???"},
  };
  for (auto const& row : rows) EXPECT_EQ(sanitize_job_error(row.input), row.want) << row.name;
  auto long_text = sanitize_job_error(std::string(999, 'a') + "я");
  EXPECT_EQ(long_text, std::string(999, 'a')) << "cut inside a character";
}

TEST_P(JobRulesTest, EmbeddedMigrationsAreNumberedFromOne) {
  {
    auto dialect =
        GetParam() == Engine::Sqlite ? storage::Dialect::Sqlite : storage::Dialect::Postgres;
    auto migrations = storage::embedded_migrations(dialect);
    ASSERT_FALSE(migrations.empty());
    for (std::size_t i = 0; i < migrations.size(); ++i) {
      EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
      EXPECT_EQ(migrations[i].checksum.size(), 64u);
      // Each changes the schema (tables, indexes, columns).
      std::string_view sql = migrations[i].sql;
      EXPECT_TRUE(sql.find("CREATE ") != std::string_view::npos ||
                  sql.find("ALTER TABLE ") != std::string_view::npos)
          << migrations[i].name;
    }
    EXPECT_EQ(migrations[0].name, "jobs");
  }
}

INSTANTIATE_TEST_SUITE_P(storage, JobRulesTest, ::testing::Values(Engine::Sqlite, Engine::Postgres),
                         storage::testing::EngineName());

}  // namespace
}  // namespace haven::app

#include "app/ports/job_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "app/ports/store.h"
#include "test_database.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;

class JobQueueTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto config = this->config();
    config.retry = app::RetryPolicy{.base = 10s, .cap = 60s, .jitter_percent = 0};
    store_ = open_ok(config);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    EngineTest::TearDown();
  }

  app::JobQueue& jobs() { return store_->jobs(); }

  app::NewJob job(std::string payload = "sealed", int max_attempts = 5) {
    return app::NewJob{.kind = "mail.send",
                       .payload = std::move(payload),
                       .run_after = clock_.now(),
                       .dedupe_key = std::nullopt,
                       .max_attempts = max_attempts};
  }
  app::JobId enqueue_ok(app::NewJob const& new_job) {
    auto enqueued = jobs().enqueue(new_job);
    if (!enqueued.ok()) {
      ADD_FAILURE() << "enqueue: " << enqueued.error().detail;
      return app::JobId::generate(random_);
    }
    return enqueued->id;
  }
  std::optional<app::Job> claim(std::string_view worker = "w1",
                                std::chrono::milliseconds lease = 30s) {
    auto claimed = jobs().claim(worker, clock_.now(), lease);
    if (!claimed.ok()) {
      ADD_FAILURE() << "claim: " << claimed.error().detail;
      return std::nullopt;
    }
    return *claimed;
  }

  std::unique_ptr<app::Store> store_;
};

TEST_P(JobQueueTest, EnqueueClaimComplete) {
  std::string payload("\x00\xff sealed \x01", 11);  // arbitrary bytes survive
  auto id = enqueue_ok(job(payload));
  auto claimed = claim("worker-1");
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->id, id);
  EXPECT_EQ(claimed->kind, "mail.send");
  EXPECT_EQ(claimed->payload, payload);
  EXPECT_EQ(claimed->state, app::JobState::Running);
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(claimed->claimed_by, "worker-1");
  EXPECT_EQ(claimed->lease_until, clock_.now() + 30s);
  EXPECT_FALSE(claim("worker-2").has_value());  // leased, not claimable twice
  ASSERT_TRUE(jobs().complete(*claimed).ok());
  EXPECT_FALSE(jobs().find(id)->has_value());
  EXPECT_FALSE(claim().has_value());
}

TEST_P(JobQueueTest, LargestAllowedPayloadRoundTrips) {
  std::string payload(app::kMaxJobPayloadBytes, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7);
  enqueue_ok(job(payload));
  auto claimed = claim();
  ASSERT_TRUE(claimed.has_value());
  EXPECT_TRUE(claimed->payload == payload);
}

TEST_P(JobQueueTest, NotClaimableBeforeRunAfter) {
  auto later = job();
  later.run_after = clock_.now() + 10min;
  enqueue_ok(later);
  EXPECT_FALSE(claim().has_value());
  clock_.advance(10min - 1ms);
  EXPECT_FALSE(claim().has_value());
  clock_.advance(1ms);
  EXPECT_TRUE(claim().has_value());
}

TEST_P(JobQueueTest, TwoClaimersNeverGetTheSameJob) {
  constexpr int kJobs = 40;
  constexpr int kWorkers = 4;
  for (int i = 0; i < kJobs; ++i) enqueue_ok(job());
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      std::string name = "worker-" + std::to_string(w);
      for (int round = 0; round < kJobs + 5; ++round) {  // bounded
        auto job = jobs().claim(name, clock_.now(), 30s);
        if (!job.ok() || !job->has_value()) break;
        std::lock_guard lock(mutex);
        claimed.push_back((*job)->id.str());
      }
    });
  }
  for (auto& worker : workers) worker.join();
  std::set<std::string> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(unique.size(), claimed.size());
}

TEST_P(JobQueueTest, FailedJobsBackOffExponentiallyUpToTheCap) {
  enqueue_ok(job("sealed", 6));
  // base 10 s, doubled per attempt, capped at 60 s (jitter 0 in this fixture).
  for (auto expected : {10s, 20s, 40s, 60s, 60s}) {
    auto claimed = claim();
    ASSERT_TRUE(claimed.has_value());
    auto outcome = jobs().fail(*claimed, "smtp timeout", clock_.now());
    ASSERT_TRUE(outcome.ok()) << outcome.error().detail;
    EXPECT_EQ(outcome->state, app::JobState::Ready);
    EXPECT_EQ(outcome->next_run_after, clock_.now() + expected);
    clock_.advance(expected - 1ms);
    EXPECT_FALSE(claim().has_value()) << "claimable before its back-off ended";
    clock_.advance(1ms);
  }
  auto last = claim();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->attempts, 6);
  EXPECT_EQ(last->last_error, "smtp timeout");
}

TEST_P(JobQueueTest, JitterDelaysWithinItsBound) {
  store_.reset();
  auto config = this->config();
  config.retry = app::RetryPolicy{.base = 10s, .cap = 1h, .jitter_percent = 50};
  store_ = open_ok(config);
  ASSERT_NE(store_, nullptr);
  for (int i = 0; i < 5; ++i) enqueue_ok(job());
  std::set<Clock::time_point> seen;
  for (int i = 0; i < 5; ++i) {
    auto claimed = claim();
    ASSERT_TRUE(claimed.has_value());
    auto outcome = jobs().fail(*claimed, "x", clock_.now());
    ASSERT_TRUE(outcome.ok());
    EXPECT_GE(outcome->next_run_after, clock_.now() + 10s);
    EXPECT_LE(outcome->next_run_after, clock_.now() + 15s);
    seen.insert(outcome->next_run_after);
  }
  EXPECT_GT(seen.size(), 1u) << "jitter never varied";
}

TEST_P(JobQueueTest, DeadLettersAfterMaxAttemptsAndRetriesOnRequest) {
  auto id = enqueue_ok(job("sealed", 2));
  auto first = claim();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(jobs().fail(*first, "bounce", clock_.now())->state, app::JobState::Ready);
  clock_.advance(10s);
  auto second = claim();
  ASSERT_TRUE(second.has_value());
  auto outcome = jobs().fail(*second, "bounce again", clock_.now());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, app::JobState::Dead);
  clock_.advance(24h);
  EXPECT_FALSE(claim().has_value());

  auto dead = jobs().list_dead(10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ(dead->front().id, id);
  EXPECT_EQ(dead->front().state, app::JobState::Dead);
  EXPECT_EQ(dead->front().last_error, "bounce again");
  EXPECT_FALSE(dead->front().lease_until.has_value());

  ASSERT_TRUE(jobs().retry_dead(id).ok());
  EXPECT_TRUE(jobs().list_dead(10)->empty());
  auto again = claim();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, id);
  EXPECT_EQ(again->attempts, 1);

  auto not_dead = jobs().retry_dead(id);
  ASSERT_FALSE(not_dead.ok());
  EXPECT_EQ(not_dead.error().code, ErrorCode::NotFound);
  auto unknown = jobs().retry_dead(app::JobId::generate(random_));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_P(JobQueueTest, ExpiredLeaseIsClaimableAgainAndFencesTheOldWorker) {
  auto id = enqueue_ok(job());
  auto crashed = claim("w1", 30s);
  ASSERT_TRUE(crashed.has_value());
  clock_.advance(30s - 1ms);
  EXPECT_FALSE(claim("w2").has_value());
  clock_.advance(1ms);
  auto rescued = claim("w2");
  ASSERT_TRUE(rescued.has_value());
  EXPECT_EQ(rescued->id, id);
  EXPECT_EQ(rescued->attempts, 2);
  EXPECT_EQ(rescued->claimed_by, "w2");

  auto late_complete = jobs().complete(*crashed);
  ASSERT_FALSE(late_complete.ok());
  EXPECT_EQ(late_complete.error().code, ErrorCode::Conflict);
  auto late_fail = jobs().fail(*crashed, "late", clock_.now());
  ASSERT_FALSE(late_fail.ok());
  EXPECT_EQ(late_fail.error().code, ErrorCode::Conflict);
  EXPECT_TRUE(jobs().complete(*rescued).ok());
}

TEST_P(JobQueueTest, LeaseExpiredOnFinalAttemptDeadLetters) {
  auto id = enqueue_ok(job("sealed", 1));
  ASSERT_TRUE(claim("w1", 30s).has_value());
  clock_.advance(31s);
  EXPECT_FALSE(claim("w2").has_value());
  auto dead = jobs().list_dead(10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ(dead->front().id, id);
  EXPECT_EQ(dead->front().last_error, "lease expired on the final attempt");
}

TEST_P(JobQueueTest, DedupeKeyKeepsOneJob) {
  auto reminder = job();
  reminder.dedupe_key = "reminder:0123:2026-05-01";
  auto first = jobs().enqueue(reminder);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  EXPECT_EQ(first->outcome, app::EnqueueOutcome::Created);
  auto second = jobs().enqueue(reminder);
  ASSERT_TRUE(second.ok()) << second.error().detail;
  EXPECT_EQ(second->outcome, app::EnqueueOutcome::AlreadyQueued);
  EXPECT_EQ(second->id, first->id);

  auto claimed = claim();
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->dedupe_key, reminder.dedupe_key);
  EXPECT_FALSE(claim().has_value());
  ASSERT_TRUE(jobs().complete(*claimed).ok());
  auto after = jobs().enqueue(reminder);  // a finished job no longer holds its key
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->outcome, app::EnqueueOutcome::Created);
  EXPECT_NE(after->id, first->id);
}

TEST_P(JobQueueTest, RejectsBadInput) {
  struct Row {
    std::string_view name;
    app::NewJob job;
  };
  auto with = [&](auto change) {
    auto j = job();
    change(j);
    return j;
  };
  Row const rows[] = {
      {"empty kind", with([](app::NewJob& j) { j.kind = ""; })},
      {"upper-case kind", with([](app::NewJob& j) { j.kind = "Mail"; })},
      {"kind with space", with([](app::NewJob& j) { j.kind = "mail send"; })},
      {"kind too long", with([](app::NewJob& j) { j.kind = std::string(65, 'a'); })},
      {"payload over 1 MiB",
       with([](app::NewJob& j) { j.payload = std::string(app::kMaxJobPayloadBytes + 1, 'x'); })},
      {"empty dedupe key", with([](app::NewJob& j) { j.dedupe_key = ""; })},
      {"dedupe key with space", with([](app::NewJob& j) { j.dedupe_key = "a b"; })},
      {"dedupe key too long", with([](app::NewJob& j) { j.dedupe_key = std::string(201, 'k'); })},
      {"zero attempts", with([](app::NewJob& j) { j.max_attempts = 0; })},
      {"too many attempts", with([](app::NewJob& j) { j.max_attempts = 101; })},
  };
  for (auto const& row : rows) {
    auto enqueued = jobs().enqueue(row.job);
    ASSERT_FALSE(enqueued.ok()) << row.name;
    EXPECT_EQ(enqueued.error().code, ErrorCode::InvalidInput) << row.name;
  }
  for (std::string const& worker : {std::string(), std::string("a b"), std::string(129, 'w')}) {
    auto claimed = jobs().claim(worker, clock_.now(), 30s);
    ASSERT_FALSE(claimed.ok());
    EXPECT_EQ(claimed.error().code, ErrorCode::InvalidInput);
  }
  auto zero_lease = jobs().claim("w1", clock_.now(), 0ms);
  ASSERT_FALSE(zero_lease.ok());
  EXPECT_EQ(zero_lease.error().code, ErrorCode::InvalidInput);
  EXPECT_FALSE(claim().has_value());  // nothing slipped in
}

TEST_P(JobQueueTest, StoresErrorDetailSafely) {
  enqueue_ok(job());
  auto claimed = claim();
  ASSERT_TRUE(claimed.has_value());
  std::string detail = std::string("bad\0byte\xff\xfe ", 11) + std::string(5000, 'e');
  ASSERT_TRUE(jobs().fail(*claimed, detail, clock_.now()).ok());
  clock_.advance(1h);
  auto again = claim();
  ASSERT_TRUE(again.has_value());
  EXPECT_LE(again->last_error.size(), app::kMaxJobErrorBytes);
  EXPECT_EQ(again->last_error.substr(0, 12), "bad byte?? e");
}

TEST_P(JobQueueTest, EnqueueInATransactionCommitsWithIt) {
  auto committed = store_->in_transaction([&](app::Transaction& tx) -> Result<app::JobId> {
    auto enqueued = tx.jobs().enqueue(job());
    if (!enqueued.ok()) return std::move(enqueued).error();
    return enqueued->id;
  });
  ASSERT_TRUE(committed.ok()) << committed.error().detail;
  auto claimed = claim();
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->id, *committed);
}

INSTANTIATE_TEST_SUITE_P(storage, JobQueueTest, ::testing::Values(Engine::Sqlite, Engine::Postgres),
                         EngineName());

}  // namespace
}  // namespace haven::storage::testing

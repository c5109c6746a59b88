#include "app/ports/deadline_repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/store.h"
#include "cases_store_fixture.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using app::AgendaLine;
using app::CaseQuery;
using app::DeadlineRepository;
using app::StoredDeadline;
using domain::Case;
using domain::CaseId;
using domain::CaseStatus;
using domain::Day;
using domain::DeadlineId;
using domain::DeadlineKind;
using domain::DueDate;
using domain::OrgId;
using domain::UserId;

Day day(std::string_view text) { return domain::parse_day(text).value(); }

std::vector<CaseId> sorted(std::vector<CaseId> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

class DeadlineRepositoryTest : public CasesStoreTest {
 protected:
  void SetUp() override {
    CasesStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    case_ = add_case(org_, "LT-2026-0001", alice_);
  }

  template <class Work>
  auto deadlines(Work work) {
    return tx([&](app::Transaction& t) { return work(t.deadlines()); });
  }

  using CasesStoreTest::add_case;
  CaseId add_case(OrgId const& org, std::string number, std::optional<UserId> assignee,
                  CaseStatus status = CaseStatus::Open) {
    Case c = case_record(org, std::move(number));
    c.metadata.assignee = std::move(assignee);
    c.metadata.status = status;
    if (status == CaseStatus::Closed) c.metadata.outcome = domain::Outcome::Resolved;
    return add_case(c);
  }

  StoredDeadline make(CaseId const& case_id, std::string_view due,
                      DeadlineKind kind = DeadlineKind::AsylumHearing,
                      std::optional<std::chrono::minutes> time = std::nullopt,
                      OrgId const* org = nullptr) {
    return StoredDeadline{.id = DeadlineId::generate(random_),
                          .org = org ? *org : org_,
                          .case_id = case_id,
                          .kind = kind,
                          .due = DueDate{.day = day(due), .time = time},
                          .sealed_note = {},
                          .created_by = alice_,
                          .created_at = clock_.now(),
                          .done_at = std::nullopt,
                          .done_by = std::nullopt};
  }

  StoredDeadline add(StoredDeadline const& record) {
    auto added = deadlines([&](DeadlineRepository& r) { return r.add(record); });
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return record;
  }

  std::vector<std::string> agenda_days(UserId const& user, std::string_view through) {
    auto lines =
        deadlines([&](DeadlineRepository& r) { return r.agenda(org_, user, day(through), 100); });
    EXPECT_TRUE(lines.ok()) << lines.error().detail;
    std::vector<std::string> out;
    if (!lines.ok()) return out;
    for (auto const& line : *lines) {
      std::string text = domain::format_day(line.due.day);
      if (line.due.time) text += " " + domain::format_time_of_day(*line.due.time);
      out.push_back(text + " " + line.case_number);
    }
    return out;
  }

  CaseId case_ = CaseId::parse(std::string(32, '0')).value();
};

TEST_P(DeadlineRepositoryTest, AddsFindsAndListsWithNotesAsOpaqueBytes) {
  auto plain = add(make(case_, "2026-04-01"));
  auto noted = make(case_, "2026-03-20", DeadlineKind::Callback, 9h + 30min);
  noted.sealed_note = Bytes{0x00, 0xff, 0x00, 'n', 0x00};
  add(noted);

  auto found = deadlines([&](DeadlineRepository& r) { return r.find(org_, case_, noted.id); });
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->kind, DeadlineKind::Callback);
  EXPECT_EQ(found->due, noted.due);
  EXPECT_EQ(found->sealed_note, noted.sealed_note);
  EXPECT_EQ(found->created_by, alice_);
  EXPECT_EQ(found->created_at, noted.created_at);
  EXPECT_FALSE(found->done_at.has_value());

  auto listed = deadlines([&](DeadlineRepository& r) { return r.of_case(org_, case_, 50); });
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, noted.id);
  EXPECT_EQ((*listed)[1].id, plain.id);
  EXPECT_TRUE((*listed)[1].sealed_note.empty());
}

TEST_P(DeadlineRepositoryTest, AnotherOrganisationsCaseOrDeadlineIsNotFound) {
  auto theirs = add_case(other_org_, "LT-2026-0001", bob_);
  auto mine = add(make(case_, "2026-04-01"));
  // A deadline claiming our organisation on their case, or theirs on ours.
  EXPECT_EQ(
      code_of(deadlines([&](DeadlineRepository& r) { return r.add(make(theirs, "2026-04-01")); })),
      ErrorCode::NotFound);
  EXPECT_EQ(
      code_of(deadlines([&](DeadlineRepository& r) {
        return r.add(make(case_, "2026-04-01", DeadlineKind::Other, std::nullopt, &other_org_));
      })),
      ErrorCode::NotFound);
  EXPECT_EQ(
      code_of(deadlines([&](DeadlineRepository& r) { return r.find(other_org_, case_, mine.id); })),
      ErrorCode::NotFound);
  EXPECT_EQ(
      code_of(deadlines([&](DeadlineRepository& r) { return r.find(org_, theirs, mine.id); })),
      ErrorCode::NotFound);
  EXPECT_EQ(code_of(deadlines([&](DeadlineRepository& r) {
              return r.mark_done(other_org_, case_, mine.id, clock_.now(), bob_);
            })),
            ErrorCode::NotFound);
  auto none = deadlines([&](DeadlineRepository& r) { return r.of_case(other_org_, case_, 50); });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(DeadlineRepositoryTest, RefusesBadValuesBeforeTheDatabase) {
  auto with_time_on_hearing = make(case_, "2026-04-01", DeadlineKind::AsylumHearing, 9h);
  auto bad_time = make(case_, "2026-04-01", DeadlineKind::Callback, 24h);
  auto negative_time = make(case_, "2026-04-01", DeadlineKind::Callback, -1min);
  auto bad_day = make(case_, "2026-04-01");
  bad_day.due.day = Day{std::chrono::year{2026}, std::chrono::February, std::chrono::day{30}};
  auto far_year = make(case_, "2026-04-01");
  far_year.due.day = Day{std::chrono::year{10000}, std::chrono::January, std::chrono::day{1}};
  for (auto const* record :
       {&with_time_on_hearing, &bad_time, &negative_time, &bad_day, &far_year}) {
    EXPECT_EQ(code_of(deadlines([&](DeadlineRepository& r) { return r.add(*record); })),
              ErrorCode::InvalidInput);
  }
  auto stranger = make(case_, "2026-04-01");
  stranger.created_by = UserId::generate(random_);
  EXPECT_EQ(code_of(deadlines([&](DeadlineRepository& r) { return r.add(stranger); })),
            ErrorCode::NotFound);
  auto taken = add(make(case_, "2026-04-01"));
  EXPECT_EQ(code_of(deadlines([&](DeadlineRepository& r) { return r.add(taken); })),
            ErrorCode::Conflict);
  auto listed = deadlines([&](DeadlineRepository& r) { return r.of_case(org_, case_, 50); });
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

TEST_P(DeadlineRepositoryTest, MarkDoneOnceThenListsDoneAfterOpen) {
  auto first = add(make(case_, "2026-03-01"));
  auto second = add(make(case_, "2026-05-01"));
  clock_.advance(1h);
  auto done = deadlines([&](DeadlineRepository& r) {
    return r.mark_done(org_, case_, first.id, clock_.now(), bob_);
  });
  ASSERT_TRUE(done.ok()) << done.error().detail;
  EXPECT_TRUE(*done);
  auto again = deadlines([&](DeadlineRepository& r) {
    return r.mark_done(org_, case_, first.id, clock_.now() + 1h, alice_);
  });
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(code_of(deadlines([&](DeadlineRepository& r) {
              return r.mark_done(org_, case_, second.id, clock_.now(), UserId::generate(random_));
            })),
            ErrorCode::NotFound);

  auto listed = deadlines([&](DeadlineRepository& r) { return r.of_case(org_, case_, 50); });
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, second.id);
  EXPECT_EQ((*listed)[1].id, first.id);
  EXPECT_EQ((*listed)[1].done_at, clock_.now());
  EXPECT_EQ((*listed)[1].done_by, bob_);
}

TEST_P(DeadlineRepositoryTest, AgendaHoldsOpenDeadlinesOfMyNotClosedCasesByDueDate) {
  auto second = add_case(org_, "LT-2026-0002", alice_);
  auto bobs = add_case(org_, "LT-2026-0003", bob_);
  auto unassigned = add_case(org_, "LT-2026-0004", std::nullopt);
  auto closed = add_case(org_, "LT-2026-0005", alice_, CaseStatus::Closed);
  auto theirs = add_case(other_org_, "LT-2026-0006", alice_);
  add(make(case_, "2026-03-09"));
  add(make(second, "2026-03-10", DeadlineKind::Callback, 14h));
  add(make(second, "2026-03-10", DeadlineKind::Callback, 9h));
  add(make(case_, "2026-03-10"));
  add(make(case_, "2026-03-17"));
  add(make(case_, "2026-03-18"));
  auto done = add(make(case_, "2026-03-08"));
  add(make(bobs, "2026-03-10"));
  add(make(unassigned, "2026-03-10"));
  add(make(closed, "2026-03-10"));
  add(make(theirs, "2026-03-10", DeadlineKind::Other, std::nullopt, &other_org_));
  ASSERT_TRUE(deadlines([&](DeadlineRepository& r) {
                return r.mark_done(org_, case_, done.id, clock_.now(), alice_);
              }).ok());

  EXPECT_EQ(agenda_days(alice_, "2026-03-17"),
            (std::vector<std::string>{"2026-03-09 LT-2026-0001", "2026-03-10 09:00 LT-2026-0002",
                                      "2026-03-10 14:00 LT-2026-0002", "2026-03-10 LT-2026-0001",
                                      "2026-03-17 LT-2026-0001"}));
  EXPECT_EQ(agenda_days(bob_, "2026-03-17"), (std::vector<std::string>{"2026-03-10 LT-2026-0003"}));

  auto counts = deadlines(
      [&](DeadlineRepository& r) { return r.count_agenda(org_, alice_, day("2026-03-10")); });
  ASSERT_TRUE(counts.ok()) << counts.error().detail;
  EXPECT_EQ(counts->overdue, 1);
  EXPECT_EQ(counts->today, 3);
  EXPECT_EQ(counts->this_week, 1);
  // A day later the first of today's becomes overdue and the 18th enters the week.
  counts = deadlines(
      [&](DeadlineRepository& r) { return r.count_agenda(org_, alice_, day("2026-03-11")); });
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->overdue, 4);
  EXPECT_EQ(counts->today, 0);
  EXPECT_EQ(counts->this_week, 2);
  auto limited = deadlines(
      [&](DeadlineRepository& r) { return r.agenda(org_, alice_, day("2026-03-17"), 2); });
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 2u);
}

// The overdue and waiting queues (CaseQuery::overdue_before, waiting_only).
TEST_P(DeadlineRepositoryTest, OverdueAndWaitingQueues) {
  auto waiting = add_case(org_, "LT-2026-0002", std::nullopt, CaseStatus::WaitingForPerson);
  auto authority = add_case(org_, "LT-2026-0003", bob_, CaseStatus::WaitingForAuthority);
  auto later = add_case(org_, "LT-2026-0004", alice_);
  auto theirs = add_case(other_org_, "LT-2026-0005", alice_, CaseStatus::WaitingForPerson);
  add(make(case_, "2026-03-09"));
  add(make(case_, "2026-03-01"));    // two overdue deadlines: the case is listed once
  add(make(waiting, "2026-03-10"));  // due today: not overdue
  add(make(later, "2026-04-01"));
  auto done = add(make(authority, "2026-02-01"));
  ASSERT_TRUE(deadlines([&](DeadlineRepository& r) {
                return r.mark_done(org_, authority, done.id, clock_.now(), alice_);
              }).ok());
  add(make(theirs, "2026-03-01", DeadlineKind::Other, std::nullopt, &other_org_));

  auto ids = [&](CaseQuery const& query) {
    auto listed = tx([&](app::Transaction& t) { return t.cases().list(query); });
    auto counted = tx([&](app::Transaction& t) { return t.cases().count(query); });
    EXPECT_TRUE(listed.ok() && counted.ok());
    std::vector<CaseId> out;
    if (!listed.ok() || !counted.ok()) return out;
    for (auto const& c : *listed) out.push_back(c.id);
    EXPECT_EQ(*counted, static_cast<std::int64_t>(out.size()));
    // Every case here was created in the same millisecond: the order is the id's.
    std::sort(out.begin(), out.end());
    return out;
  };
  CaseQuery overdue{.org = org_,
                    .assignee = std::nullopt,
                    .status = std::nullopt,
                    .topic = std::nullopt,
                    .channel = std::nullopt};
  overdue.overdue_before = day("2026-03-10");
  EXPECT_EQ(ids(overdue), std::vector<CaseId>{case_});
  overdue.overdue_before = day("2026-03-11");
  overdue.order = CaseQuery::Order::OldestFirst;
  EXPECT_EQ(ids(overdue), sorted({case_, waiting}));
  overdue.assignee = alice_;
  EXPECT_EQ(ids(overdue), std::vector<CaseId>{case_});

  CaseQuery waiting_queue{.org = org_,
                          .assignee = std::nullopt,
                          .status = std::nullopt,
                          .topic = std::nullopt,
                          .channel = std::nullopt};
  waiting_queue.waiting_only = true;
  waiting_queue.order = CaseQuery::Order::OldestFirst;
  EXPECT_EQ(ids(waiting_queue), sorted({waiting, authority}));
  waiting_queue.overdue_before = day("2026-03-11");
  EXPECT_EQ(ids(waiting_queue), std::vector<CaseId>{waiting});
}

TEST_P(DeadlineRepositoryTest, DeletingACaseDeletesItsDeadlines) {
  add(make(case_, "2026-03-09"));
  // SQLite enforces foreign keys per connection: the test's own connection asks for them.
  std::string pragma = GetParam() == Engine::Sqlite ? "PRAGMA foreign_keys = ON; " : "";
  database().execute(pragma + "DELETE FROM cases WHERE id = '" + case_.str() + "'");
  EXPECT_EQ(database().query_text("SELECT count(*) FROM case_deadlines"), "0");
}

TEST_P(DeadlineRepositoryTest, DamagedRowsReadAsCorruption) {
  add(make(case_, "2026-03-09"));
  if (GetParam() == Engine::Postgres) {
    database().execute("ALTER TABLE case_deadlines DROP CONSTRAINT case_deadlines_kind_check");
    database().execute("UPDATE case_deadlines SET kind = 'rumour'");
  } else {
    database().execute(
        "PRAGMA ignore_check_constraints = ON; UPDATE case_deadlines SET kind = 'rumour'");
  }
  EXPECT_EQ(code_of(deadlines([&](DeadlineRepository& r) { return r.of_case(org_, case_, 5); })),
            ErrorCode::Corruption);
}

INSTANTIATE_TEST_SUITE_P(storage, DeadlineRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing

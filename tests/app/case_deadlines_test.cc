// CaseDeadlines on the real SQLite store: deadlines set with a sealed note and listed with
// it, a repeated form that writes nothing, who may set and mark done, another
// organisation's case and deadline answering like missing ones, the agenda's buckets at the
// UTC day boundary, and a database that holds none of the notes.
#include "app/case_deadlines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cases_fixture.h"

namespace haven::app {
namespace {

using namespace haven::app::testing;
using domain::DeadlineKind;
using domain::DueDate;
using domain::PastDue;

inline constexpr char kDeadlineCanary[] = "CANARY-DEADLINE Anhörung BAMF Zimmer 12";

class CaseDeadlinesTest : public CaseServiceTest {
 protected:
  void SetUp() override {
    CaseServiceTest::SetUp();
    deadlines_.emplace(*store_, clock_, random_, audit_);
    auto mine = metadata();
    mine.assignee = counsellor_.id;
    case_ = created(counsellor_, org_b_, mine);
  }

  domain::Day today() const { return domain::utc_day(clock_.now()); }
  domain::Day in_days(int n) const {
    return domain::Day{std::chrono::sys_days{today()} + std::chrono::days{n}};
  }

  NewDeadline hearing(int days_ahead, std::string note = kDeadlineCanary) {
    return NewDeadline{.kind = DeadlineKind::AsylumHearing,
                       .due = DueDate{.day = in_days(days_ahead), .time = std::nullopt},
                       .note = std::move(note),
                       .past = PastDue::Refused};
  }

  Result<SetDeadline> set(Member const& member, NewDeadline const& request,
                          domain::OrgId const* org = nullptr,
                          domain::Case const* record = nullptr) {
    return deadlines_->set(actor(member), member.keys, org ? *org : org_b_,
                           record ? record->id : case_->id, request);
  }

  // The deadline set; nullopt (and a failure) when it was refused.
  std::optional<CaseDeadline> set_ok(Member const& member, NewDeadline const& request,
                                     domain::Case const* record = nullptr) {
    auto done = set(member, request, nullptr, record);
    EXPECT_TRUE(done.ok()) << done.error().detail;
    if (!done.ok()) return std::nullopt;
    return std::move(done).value().deadline;
  }

  std::vector<CaseDeadline> listed(Member const& member) {
    auto got = deadlines_->list(actor(member), member.keys, org_b_, case_->id);
    EXPECT_TRUE(got.ok()) << got.error().detail;
    return got.ok() ? std::move(got).value() : std::vector<CaseDeadline>{};
  }

  std::size_t stored_count() {
    auto all = store_->in_transaction(
        [&](Transaction& tx) { return tx.deadlines().of_case(org_b_, case_->id, 500); },
        TransactionMode::ReadOnly);
    EXPECT_TRUE(all.ok());
    return all.ok() ? all->size() : 0;
  }

  std::optional<CaseDeadlines> deadlines_;
  std::optional<domain::Case> case_;
};

TEST_F(CaseDeadlinesTest, SetDeadlineIsListedWithItsNoteForColleagues) {
  auto made = set_ok(counsellor_, hearing(3));
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(made->kind, DeadlineKind::AsylumHearing);
  EXPECT_EQ(made->due.day, in_days(3));
  EXPECT_EQ(made->note, kDeadlineCanary);
  EXPECT_EQ(made->created_by, counsellor_.id);
  EXPECT_EQ(made->created_at, clock_.now());
  auto callback = set_ok(colleague_, NewDeadline{.kind = DeadlineKind::Callback,
                                                 .due = {.day = in_days(1), .time = 9h + 15min},
                                                 .note = "",
                                                 .past = PastDue::Refused});
  ASSERT_TRUE(callback.has_value());
  auto seen = listed(coordinator_);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].id, callback->id);
  EXPECT_EQ(seen[0].due.time, 9h + 15min);
  EXPECT_EQ(seen[0].note, "");
  EXPECT_FALSE(seen[0].note_unreadable);
  EXPECT_EQ(seen[1].id, made->id);
  EXPECT_EQ(seen[1].note, kDeadlineCanary);
  // Setting a deadline changes neither the case's version nor its timeline.
  EXPECT_EQ(stored(*case_).version, case_->version);
  EXPECT_EQ(entry_count(*case_), 1);
}

TEST_F(CaseDeadlinesTest, TheSameFormSentTwiceWritesOnce) {
  auto before = audit_entries().size();
  auto first = set(counsellor_, hearing(3));
  auto second = set(counsellor_, hearing(3));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->created);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->deadline.id, first->deadline.id);
  EXPECT_EQ(stored_count(), 1u);
  EXPECT_EQ(audit_entries().size(), before + 1);
  // Another note, day or kind is another deadline; so is one set again after done.
  EXPECT_TRUE(set(counsellor_, hearing(3, "passport"))->created);
  EXPECT_TRUE(set(counsellor_, hearing(4))->created);
  ASSERT_TRUE(
      deadlines_->mark_done(actor(counsellor_), org_b_, case_->id, first->deadline.id).ok());
  EXPECT_TRUE(set(counsellor_, hearing(3))->created);
  EXPECT_EQ(stored_count(), 4u);
}

TEST_F(CaseDeadlinesTest, RefusalsWriteNothing) {
  auto before = audit_entries().size();
  struct Row {
    std::string name;
    Member const* member;
    domain::OrgId org;
    NewDeadline request;
    ErrorCode want;
  };
  auto past = hearing(-1);
  auto timed_hearing = hearing(1);
  timed_hearing.due.time = 10h;
  auto long_note = hearing(1, std::string(domain::kMaxDeadlineNoteChars + 1, 'x'));
  std::vector<Row> const rows = {
      {"viewer", &viewer_, org_b_, hearing(1), ErrorCode::PermissionDenied},
      {"editor", &editor_, org_b_, hearing(1), ErrorCode::PermissionDenied},
      {"finance", &finance_, org_b_, hearing(1), ErrorCode::PermissionDenied},
      {"pending grant", &pending_, org_b_, hearing(1), ErrorCode::PermissionDenied},
      {"outsider, their org", &outsider_, org_a_, hearing(1), ErrorCode::NotFound},
      {"outsider, our org", &outsider_, org_b_, hearing(1), ErrorCode::NotFound},
      {"past day", &counsellor_, org_b_, past, ErrorCode::InvalidInput},
      {"time on a hearing", &counsellor_, org_b_, timed_hearing, ErrorCode::InvalidInput},
      {"ten years ahead", &counsellor_, org_b_, hearing(3661), ErrorCode::InvalidInput},
      {"control in note", &counsellor_, org_b_, hearing(1, "a\x07z"), ErrorCode::InvalidInput},
      {"only spaces", &counsellor_, org_b_, hearing(1, "   "), ErrorCode::InvalidInput},
      {"bad UTF-8", &counsellor_, org_b_, hearing(1, "\xc3\x28"), ErrorCode::InvalidInput},
      {"long note", &counsellor_, org_b_, long_note, ErrorCode::InvalidInput},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto got = set(*row.member, row.request, &row.org);
    EXPECT_EQ(error_of(got).code, row.want);
    if (row.want == ErrorCode::NotFound) {
      EXPECT_EQ(error_of(got).detail, "no such case");
    }
  }
  EXPECT_EQ(error_of(set(pending_, hearing(1))).detail, kNoOrgKeyGrant);
  EXPECT_EQ(stored_count(), 0u);
  EXPECT_EQ(audit_entries().size(), before);
  // A past day the counsellor asked for, up to a year back.
  past.past = PastDue::Allowed;
  EXPECT_TRUE(set(counsellor_, past).ok());
  auto too_old = hearing(-367);
  too_old.past = PastDue::Allowed;
  EXPECT_EQ(error_of(set(counsellor_, too_old)).code, ErrorCode::InvalidInput);
}

TEST_F(CaseDeadlinesTest, MarkDoneOnceByWhoMayEdit) {
  auto made = set_ok(counsellor_, hearing(2));
  ASSERT_TRUE(made.has_value());
  auto before = audit_entries().size();
  auto done = [&](Member const& member, domain::OrgId const& org, domain::CaseId const& id,
                  domain::DeadlineId const& deadline) {
    return deadlines_->mark_done(actor(member), org, id, deadline);
  };
  EXPECT_EQ(error_of(done(viewer_, org_b_, case_->id, made->id)).code, ErrorCode::PermissionDenied);
  EXPECT_EQ(error_of(done(outsider_, org_a_, case_->id, made->id)).code, ErrorCode::NotFound);
  EXPECT_EQ(error_of(done(outsider_, org_b_, case_->id, made->id)).code, ErrorCode::NotFound);
  auto other = created(counsellor_, org_b_);
  EXPECT_EQ(error_of(done(counsellor_, org_b_, other.id, made->id)).detail, "no such deadline");
  EXPECT_EQ(
      error_of(done(counsellor_, org_b_, case_->id, domain::DeadlineId::generate(random_))).detail,
      "no such deadline");
  EXPECT_EQ(audit_entries().size(), before + 1);  // the other case's case_created

  clock_.advance(5min);
  auto first = done(colleague_, org_b_, case_->id, made->id);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  EXPECT_TRUE(*first);
  auto again = done(counsellor_, org_b_, case_->id, made->id);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  auto entries = audit_entries();
  ASSERT_EQ(entries.size(), before + 2);
  EXPECT_EQ(entries.back().action, AuditAction::DeadlineDone);
  EXPECT_EQ(entries.back().actor_id, colleague_.id);
  EXPECT_EQ(entries.back().object_id, case_->id.str());
  auto seen = listed(counsellor_);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].is_done());
  EXPECT_EQ(seen[0].done_at, clock_.now());
  EXPECT_EQ(seen[0].done_by, colleague_.id);
}

TEST_F(CaseDeadlinesTest, ListingNeedsOpenCaseAndTheKey) {
  set_ok(counsellor_, hearing(2));
  EXPECT_EQ(error_of(deadlines_->list(actor(finance_), finance_.keys, org_b_, case_->id)).code,
            ErrorCode::PermissionDenied);
  EXPECT_EQ(error_of(deadlines_->list(actor(pending_), pending_.keys, org_b_, case_->id)).detail,
            kNoOrgKeyGrant);
  EXPECT_EQ(error_of(deadlines_->list(actor(outsider_), outsider_.keys, org_a_, case_->id)).detail,
            "no such case");
}

TEST_F(CaseDeadlinesTest, AgendaBucketsAtTheUtcDayBoundary) {
  // The clock to 23:59:59.999 UTC, the last millisecond of a day.
  auto midnight = std::chrono::sys_days{in_days(1)};
  clock_.advance(midnight - clock_.now() - 1ms);
  auto colleagues_meta = metadata();
  colleagues_meta.assignee = colleague_.id;
  auto colleagues = created(colleague_, org_b_, colleagues_meta);
  auto closing_meta = metadata();
  closing_meta.assignee = counsellor_.id;
  auto closing = created(counsellor_, org_b_, closing_meta);

  auto yesterday = hearing(-1, "");
  yesterday.past = PastDue::Allowed;
  set_ok(counsellor_, yesterday);
  auto today_one = set_ok(counsellor_, NewDeadline{.kind = DeadlineKind::Callback,
                                                   .due = {.day = in_days(0), .time = 8h},
                                                   .note = "",
                                                   .past = PastDue::Refused});
  ASSERT_TRUE(today_one.has_value());
  set_ok(counsellor_, hearing(1));
  set_ok(counsellor_, hearing(7));
  set_ok(counsellor_, hearing(8));
  set_ok(counsellor_, hearing(0), &closing);
  set_ok(colleague_, hearing(0), &colleagues);
  ASSERT_TRUE(cases_
                  ->change_status(actor(counsellor_), counsellor_.keys, org_b_, closing.id, 1,
                                  CaseStatus::Closed, domain::Outcome::Resolved)
                  .result.ok());

  auto agenda = deadlines_->agenda(actor(counsellor_));
  ASSERT_TRUE(agenda.ok()) << agenda.error().detail;
  EXPECT_EQ(agenda->today, today());
  ASSERT_EQ(agenda->organisations.size(), 1u);
  auto const& mine = agenda->organisations[0];
  EXPECT_EQ(mine.org, org_b_);
  EXPECT_EQ(mine.overdue.size(), 1u);
  ASSERT_EQ(mine.today.size(), 1u);
  EXPECT_EQ(mine.today[0].id, today_one->id);
  EXPECT_EQ(mine.today[0].case_number, case_->number);
  EXPECT_EQ(mine.this_week.size(), 2u);
  EXPECT_EQ(mine.counts.overdue, 1);
  EXPECT_EQ(mine.counts.today, 1);
  EXPECT_EQ(mine.counts.this_week, 2);

  // One millisecond later it is tomorrow: today's callback is overdue, tomorrow's is today,
  // and the deadline eight days out enters the week.
  clock_.advance(1ms);
  agenda = deadlines_->agenda(actor(counsellor_));
  ASSERT_TRUE(agenda.ok());
  auto const& next = agenda->organisations[0];
  EXPECT_EQ(next.counts.overdue, 2);
  EXPECT_EQ(next.counts.today, 1);
  EXPECT_EQ(next.counts.this_week, 2);
  EXPECT_EQ(next.overdue.size(), 2u);

  // Done deadlines leave the agenda.
  ASSERT_TRUE(deadlines_->mark_done(actor(counsellor_), org_b_, case_->id, today_one->id).ok());
  agenda = deadlines_->agenda(actor(counsellor_));
  ASSERT_TRUE(agenda.ok());
  EXPECT_EQ(agenda->organisations[0].counts.overdue, 1);

  // The colleague sees only their own case; the outsider's organisation has none of B's.
  auto theirs = deadlines_->agenda(actor(colleague_));
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->organisations[0].counts.overdue, 1);
  auto outsider = deadlines_->agenda(actor(outsider_));
  ASSERT_TRUE(outsider.ok());
  ASSERT_EQ(outsider->organisations.size(), 1u);
  EXPECT_EQ(outsider->organisations[0].org, org_a_);
  EXPECT_EQ(outsider->organisations[0].counts.overdue + outsider->organisations[0].counts.today, 0);
  // Nobody signed in has no agenda; roles without the queues get no part for that org.
  auto system = deadlines_->agenda(Actor::system());
  ASSERT_TRUE(system.ok());
  EXPECT_TRUE(system->organisations.empty());
  auto finance = deadlines_->agenda(actor(finance_));
  ASSERT_TRUE(finance.ok());
  EXPECT_TRUE(finance->organisations.empty());
}

TEST_F(CaseDeadlinesTest, TheDatabaseHoldsNoneOfTheNotes) {
  set_ok(counsellor_, hearing(3));
  auto wal = haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"));
  store_.reset();
  for (std::string const& haystack :
       {haven::testing::all_stored_values(db_path()), haven::testing::file_bytes(db_path()), wal}) {
    EXPECT_FALSE(contains(haystack, kDeadlineCanary));
    EXPECT_FALSE(contains(haystack, "BAMF"));
  }
}

}  // namespace
}  // namespace haven::app

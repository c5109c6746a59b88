#include "domain/deadline.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace haven::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;
using std::chrono::sys_days;

Day day(std::string_view text) {
  auto parsed = parse_day(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(Day{});
}

Day plus(Day from, days n) { return Day{sys_days{from} + n}; }

TEST(DeadlineKind, WordsRoundTripAndParseStrictly) {
  for (DeadlineKind kind : kDeadlineKinds) {
    EXPECT_EQ(parse_deadline_kind(to_string(kind)), kind) << to_string(kind);
  }
  EXPECT_EQ(to_string(DeadlineKind::AsylumHearing), "asylum-hearing");
  EXPECT_EQ(to_string(DeadlineKind::DocumentExpiry), "document-expiry");
  for (std::string_view bad :
       {"", "asylum_hearing", "Callback", " callback", "callback ", "appeal", "other\n"}) {
    EXPECT_EQ(parse_deadline_kind(bad), std::nullopt) << bad;
  }
}

TEST(DeadlineDay, ParsesOnlyRealCalendarDays) {
  struct Row {
    std::string_view text;
    bool ok;
  };
  Row const rows[] = {
      {"2026-02-28", true},
      {"2024-02-29", true},
      {"2026-12-31", true},
      {"2026-02-30", false},
      {"2025-02-29", false},
      {"2026-13-01", false},
      {"2026-00-10", false},
      {"2026-04-31", false},
      {"2026-01-00", false},
      {"", false},
      {"2026-1-05", false},
      {"2026/01/05", false},
      {"26-01-05", false},
      {"2026-01-05 ", false},
      {"+026-01-05", false},
      {"0999-01-01", false},
      {"２０２６-01-05", false},
      {"2026-01-05T00:00", false},
      {"-026-01-05", false},
      {"2026-0a-05", false},
      {std::string_view("2026-01\0005", 10), false},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(parse_day(row.text).has_value(), row.ok) << row.text;
  }
  EXPECT_EQ(format_day(day("2026-03-07")), "2026-03-07");
  EXPECT_EQ(format_day(day("1999-12-31")), "1999-12-31");
  // Text order is calendar order: the database sorts and compares the stored text.
  EXPECT_LT(format_day(day("2026-09-30")), format_day(day("2026-10-01")));
}

TEST(DeadlineDay, UtcDayOfATimePoint) {
  // 2026-03-01 23:59:59.999 UTC and the millisecond after.
  auto midnight = sys_days{day("2026-03-02")};
  EXPECT_EQ(utc_day(midnight - 1ms), day("2026-03-01"));
  EXPECT_EQ(utc_day(midnight), day("2026-03-02"));
}

TEST(DeadlineTime, ParsesTwentyFourHourClock) {
  EXPECT_EQ(parse_time_of_day("00:00"), 0min);
  EXPECT_EQ(parse_time_of_day("09:30"), 9h + 30min);
  EXPECT_EQ(parse_time_of_day("23:59"), 23h + 59min);
  for (std::string_view bad :
       {"24:00", "12:60", "9:30", "09:3", "0930", "", "09:30:00", "ab:cd", " 09:30", "-1:00"}) {
    EXPECT_EQ(parse_time_of_day(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(format_time_of_day(9h + 5min), "09:05");
  EXPECT_EQ(format_time_of_day(23h + 59min), "23:59");
}

TEST(DeadlineDue, ChecksKindTimeAndRange) {
  Day today = day("2026-03-10");
  auto check = [&](DeadlineKind kind, DueDate due, PastDue past = PastDue::Refused) {
    return check_due(kind, due, today, past);
  };
  using K = DeadlineKind;
  EXPECT_EQ(check(K::AsylumHearing, {today, std::nullopt}), std::nullopt);
  EXPECT_EQ(check(K::Callback, {today, 9h}), std::nullopt);
  EXPECT_EQ(check(K::AppealDeadline, {today, 9h}), DueProblem::TimeNotAllowed);
  EXPECT_EQ(check(K::Callback, {today, 24h}), DueProblem::BadTime);
  EXPECT_EQ(check(K::Callback, {today, -1min}), DueProblem::BadTime);
  EXPECT_EQ(
      check(K::Other, {Day{std::chrono::year{2026}, std::chrono::February, std::chrono::day{30}},
                       std::nullopt}),
      DueProblem::BadDay);
  // Yesterday: refused unless asked for, and then only up to a year back.
  EXPECT_EQ(check(K::Other, {plus(today, days{-1}), std::nullopt}), DueProblem::InPast);
  EXPECT_EQ(check(K::Other, {plus(today, days{-1}), std::nullopt}, PastDue::Allowed), std::nullopt);
  EXPECT_EQ(check(K::Other, {plus(today, -kMaxDaysBack), std::nullopt}, PastDue::Allowed),
            std::nullopt);
  EXPECT_EQ(check(K::Other, {plus(today, -kMaxDaysBack - days{1}), std::nullopt}, PastDue::Allowed),
            DueProblem::TooFarBack);
  EXPECT_EQ(check(K::DocumentExpiry, {plus(today, kMaxDaysAhead), std::nullopt}), std::nullopt);
  EXPECT_EQ(check(K::DocumentExpiry, {plus(today, kMaxDaysAhead + days{1}), std::nullopt}),
            DueProblem::TooFarAhead);

  auto refused =
      validate_due(K::Other, {plus(today, days{-1}), std::nullopt}, today, PastDue::Refused);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
  EXPECT_TRUE(validate_due(K::Other, {today, std::nullopt}, today, PastDue::Refused).ok());
}

TEST(DeadlineBucket, SortsDaysAroundTodayIncludingMonthAndYearEnds) {
  struct Row {
    std::string_view today, due;
    DueBucket want;
  };
  Row const rows[] = {
      {"2026-03-10", "2026-03-09", DueBucket::Overdue},
      {"2026-03-10", "2025-03-10", DueBucket::Overdue},
      {"2026-03-10", "2026-03-10", DueBucket::Today},
      {"2026-03-10", "2026-03-11", DueBucket::ThisWeek},
      {"2026-03-10", "2026-03-17", DueBucket::ThisWeek},
      {"2026-03-10", "2026-03-18", DueBucket::Later},
      {"2026-12-28", "2027-01-04", DueBucket::ThisWeek},
      {"2026-12-28", "2027-01-05", DueBucket::Later},
      {"2027-01-01", "2026-12-31", DueBucket::Overdue},
      {"2028-02-28", "2028-02-29", DueBucket::ThisWeek},
      {"2028-02-29", "2028-03-01", DueBucket::ThisWeek},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(bucket_of(day(row.due), day(row.today)), row.want) << row.today << " " << row.due;
  }
}

}  // namespace
}  // namespace haven::domain

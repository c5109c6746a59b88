// Deadlines on a case (issue 4 §4): asylum hearings, appeal deadlines, callbacks, document
// expiries. Kind and due date are plaintext metadata (timestamps and codes, DESIGN.md §2) so
// the agenda and the overdue queue need no key; a deadline's note is sealed like every
// other word about a person and never appears here.
//
// Dates are UTC calendar days: organisations carry no time zone yet, so "today" is the UTC
// day for everyone (a counsellor in Tbilisi sees tomorrow's deadlines as "today" from 20:00
// local time). When organisations get a zone, only the caller's `today` changes.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace haven::domain {

enum class DeadlineKind { AsylumHearing, AppealDeadline, Callback, DocumentExpiry, Other };
inline constexpr std::array<DeadlineKind, 5> kDeadlineKinds = {
    DeadlineKind::AsylumHearing, DeadlineKind::AppealDeadline, DeadlineKind::Callback,
    DeadlineKind::DocumentExpiry, DeadlineKind::Other};

// Stable words ("asylum-hearing", "appeal-deadline", "callback", "document-expiry",
// "other") for the database, URLs and forms; the catalog translates them for people.
std::string_view to_string(DeadlineKind kind);
std::optional<DeadlineKind> parse_deadline_kind(std::string_view text);

using Day = std::chrono::year_month_day;

// Exactly "YYYY-MM-DD" (what an HTML date input sends), years 1000-9999; nullopt for any
// other shape and for days that do not exist ("2026-02-30", "2025-02-29").
std::optional<Day> parse_day(std::string_view text);
// "YYYY-MM-DD"; sorts as text in calendar order (the database relies on it). `day` must be ok().
std::string format_day(Day day);
// The UTC calendar day of `when` (a conversion: the caller's clock decides `when`).
Day utc_day(std::chrono::system_clock::time_point when);

// A time of day, "HH:MM" in 24 hours (00:00-23:59); nullopt otherwise.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text);
std::string format_time_of_day(std::chrono::minutes time);

// When a deadline falls due: a day, and for a callback optionally a time of day (UTC).
struct DueDate {
  Day day;
  std::optional<std::chrono::minutes> time;
  bool operator==(DueDate const&) const = default;
};

// How far from today a due date may be set: a year back (a deadline recorded late, e.g. a
// hearing that already happened) and ten years ahead (document expiries); beyond that it is a
// typo, not a plan.
inline constexpr std::chrono::days kMaxDaysBack{366};
inline constexpr std::chrono::days kMaxDaysAhead{3660};

// Whether a day before today is accepted: the form asks for it explicitly, so a mistyped
// year does not silently land in the overdue queue.
enum class PastDue { Refused, Allowed };

// What is wrong with a due date, for a precise message.
enum class DueProblem {
  BadDay,          // not a calendar day
  BadTime,         // a time of day outside 00:00-23:59
  TimeNotAllowed,  // a time of day on a kind other than Callback
  InPast,          // before today, PastDue::Refused
  TooFarBack,      // more than kMaxDaysBack before today
  TooFarAhead,     // more than kMaxDaysAhead after today
};

// The first problem of `due` for `kind` given `today`, or nullopt when it may be set.
std::optional<DueProblem> check_due(DeadlineKind kind, DueDate const& due, Day today, PastDue past);
// check_due as a Result: InvalidInput naming the problem.
Result<void> validate_due(DeadlineKind kind, DueDate const& due, Day today, PastDue past);

// Where a due day sits on a counsellor's agenda, given today: before today, today, within
// the next seven days (tomorrow through today + 7), or later. Days only: a callback at 09:00
// stays "today" after 09:00 (the agenda is a day planner, not an alarm clock).
enum class DueBucket { Overdue, Today, ThisWeek, Later };
inline constexpr std::chrono::days kThisWeekDays{7};
DueBucket bucket_of(Day due, Day today);

// A deadline's note: optional, at most this many code points (domain::validate_text).
inline constexpr std::size_t kMaxDeadlineNoteChars = 2000;

}  // namespace haven::domain

#include "domain/deadline.h"

#include <cstdio>

namespace haven::domain {

namespace {

// Digits only, exactly `text.size()` of them; -1 otherwise.
int parse_digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string_view problem_detail(DueProblem problem) {
  switch (problem) {
    case DueProblem::BadDay:
      return "due date is not a calendar day";
    case DueProblem::BadTime:
      return "time of day must be 00:00-23:59";
    case DueProblem::TimeNotAllowed:
      return "only a callback has a time of day";
    case DueProblem::InPast:
      return "due date is in the past";
    case DueProblem::TooFarBack:
      return "due date is more than a year in the past";
    case DueProblem::TooFarAhead:
      return "due date is more than ten years ahead";
  }
  return "bad due date";
}

}  // namespace

std::string_view to_string(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::AsylumHearing:
      return "asylum-hearing";
    case DeadlineKind::AppealDeadline:
      return "appeal-deadline";
    case DeadlineKind::Callback:
      return "callback";
    case DeadlineKind::DocumentExpiry:
      return "document-expiry";
    case DeadlineKind::Other:
      return "other";
  }
  return "other";
}

std::optional<DeadlineKind> parse_deadline_kind(std::string_view text) {
  for (DeadlineKind kind : kDeadlineKinds) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

std::optional<Day> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = parse_digits(text.substr(0, 4));
  int month = parse_digits(text.substr(5, 2));
  int day = parse_digits(text.substr(8, 2));
  if (year < 1000 || month < 0 || day < 0) return std::nullopt;
  Day out{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
          std::chrono::day{static_cast<unsigned>(day)}};
  if (!out.ok()) return std::nullopt;
  return out;
}

std::string format_day(Day day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

Day utc_day(std::chrono::system_clock::time_point when) {
  return Day{std::chrono::floor<std::chrono::days>(when)};
}

std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int hours = parse_digits(text.substr(0, 2));
  int minutes = parse_digits(text.substr(3, 2));
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
  return std::chrono::minutes{hours * 60 + minutes};
}

std::string format_time_of_day(std::chrono::minutes time) {
  char text[8];
  auto total = time.count();
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(total / 60),
                static_cast<int>(total % 60));
  return text;
}

std::optional<DueProblem> check_due(DeadlineKind kind, DueDate const& due, Day today,
                                    PastDue past) {
  if (!due.day.ok() || !today.ok()) return DueProblem::BadDay;
  if (due.time) {
    if (*due.time < std::chrono::minutes{0} || *due.time >= std::chrono::hours{24}) {
      return DueProblem::BadTime;
    }
    if (kind != DeadlineKind::Callback) return DueProblem::TimeNotAllowed;
  }
  auto offset = std::chrono::sys_days{due.day} - std::chrono::sys_days{today};
  if (offset > kMaxDaysAhead) return DueProblem::TooFarAhead;
  if (offset < -kMaxDaysBack) return DueProblem::TooFarBack;
  if (offset < std::chrono::days{0} && past == PastDue::Refused) return DueProblem::InPast;
  return std::nullopt;
}

Result<void> validate_due(DeadlineKind kind, DueDate const& due, Day today, PastDue past) {
  auto problem = check_due(kind, due, today, past);
  if (!problem) return {};
  return make_error(ErrorCode::InvalidInput, std::string(problem_detail(*problem)));
}

DueBucket bucket_of(Day due, Day today) {
  auto offset = std::chrono::sys_days{due} - std::chrono::sys_days{today};
  if (offset < std::chrono::days{0}) return DueBucket::Overdue;
  if (offset == std::chrono::days{0}) return DueBucket::Today;
  if (offset <= kThisWeekDays) return DueBucket::ThisWeek;
  return DueBucket::Later;
}

}  // namespace haven::domain

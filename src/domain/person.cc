#include "domain/person.h"

#include <charconv>
#include <string>

#include "domain/text.h"

namespace haven::domain {

namespace {

Error invalid(std::string detail) { return make_error(ErrorCode::InvalidInput, std::move(detail)); }

Error bad_birth_date() {
  return invalid("date of birth must be a year (1994) or a date (1994-03-07), not in the future");
}

// Exactly `digits` ASCII digits as a number; -1 otherwise.
int read_number(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return -1;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return -1;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;  // from_chars takes a leading '-'
  }
  return value;
}

Result<void> check_birth_date(BirthDate const& date, std::chrono::year_month_day today) {
  auto const this_year = static_cast<int>(today.year());
  if (date.year < kEarliestBirthYear || date.year > this_year) return bad_birth_date();
  if (date.month == 0 && date.day == 0) return {};
  std::chrono::year_month_day day{std::chrono::year{date.year},
                                  std::chrono::month{static_cast<unsigned>(date.month)},
                                  std::chrono::day{static_cast<unsigned>(date.day)}};
  if (date.month < 1 || date.day < 1 || !day.ok() || day > today) return bad_birth_date();
  return {};
}

Result<void> check_handles(std::vector<ContactHandle> const& handles) {
  if (handles.size() > kMaxContactHandles) {
    return invalid("a person has at most " + std::to_string(kMaxContactHandles) +
                   " contact handles");
  }
  for (std::size_t i = 0; i < handles.size(); ++i) {
    auto valid = validate_label("contact handle", handles[i].value, kMaxHandleChars);
    if (!valid) return valid;
    for (std::size_t j = 0; j < i; ++j) {
      if (handles[j] == handles[i]) return invalid("the same contact handle is given twice");
    }
  }
  return {};
}

Result<void> check_optional_text(std::string_view field, std::string_view text,
                                 std::size_t max_chars) {
  if (text.empty()) return {};
  return validate_text(field, text, max_chars);
}

}  // namespace

std::string_view to_string(ContactKind kind) {
  switch (kind) {
    case ContactKind::Phone:
      return "phone";
    case ContactKind::Email:
      return "email";
    case ContactKind::Telegram:
      return "telegram";
    case ContactKind::Signal:
      return "signal";
  }
  return "phone";
}

std::optional<ContactKind> parse_contact_kind(std::string_view text) {
  for (auto kind : kContactKinds) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

Result<BirthDate> parse_birth_date(std::string_view text, std::chrono::year_month_day today) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  BirthDate date;
  if (text.size() == 4) {
    date.year = read_number(text, 4);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    date.year = read_number(text.substr(0, 4), 4);
    date.month = read_number(text.substr(5, 2), 2);
    date.day = read_number(text.substr(8, 2), 2);
    if (date.month <= 0 || date.day <= 0) return bad_birth_date();
  } else {
    return bad_birth_date();
  }
  if (auto valid = check_birth_date(date, today); !valid) return std::move(valid).error();
  return date;
}

std::string format_birth_date(BirthDate const& date) {
  auto padded = [](int value, std::size_t width) {
    std::string digits = std::to_string(value);
    return std::string(digits.size() < width ? width - digits.size() : 0, '0') + digits;
  };
  std::string out = padded(date.year, 4);
  if (date.month != 0) out += "-" + padded(date.month, 2) + "-" + padded(date.day, 2);
  return out;
}

Result<void> validate(Person const& person, std::chrono::year_month_day today) {
  if (auto valid = validate_label("alias", person.alias, kMaxAliasChars); !valid) return valid;
  if (auto valid = check_optional_text("names", person.names, kMaxPersonNamesChars); !valid) {
    return valid;
  }
  if (person.born) {
    if (auto valid = check_birth_date(*person.born, today); !valid) return valid;
  }
  if (auto valid = check_optional_text("documents", person.documents, kMaxDocumentsHeldChars);
      !valid) {
    return valid;
  }
  return check_handles(person.handles);
}

}  // namespace haven::domain

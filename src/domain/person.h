// The person a case is about (issue 4 §1, Primero's model: one case, one person). Everything
// here is sensitive: app/ seals the whole Person as one envelope under the case's DEK, and
// only keyed hashes of the normalised contact handles leave it (DESIGN.md §3).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace haven::domain {

inline constexpr std::size_t kMaxAliasChars = 80;
inline constexpr std::size_t kMaxPersonNamesChars = 300;
inline constexpr std::size_t kMaxDocumentsHeldChars = 2000;
inline constexpr std::size_t kMaxContactHandles = 10;
// A handle after normalisation; long enough for any address RFC 5321 allows.
inline constexpr std::size_t kMaxHandleChars = 254;
// The oldest year of birth accepted; nobody asking for help today was born earlier.
inline constexpr int kEarliestBirthYear = 1900;

enum class ContactKind { Phone, Email, Telegram, Signal };
inline constexpr std::array<ContactKind, 4> kContactKinds = {
    ContactKind::Phone, ContactKind::Email, ContactKind::Telegram, ContactKind::Signal};
// "phone", "email", "telegram", "signal": stored inside the sealed envelope and in the
// handle hash table; never renamed.
std::string_view to_string(ContactKind kind);
std::optional<ContactKind> parse_contact_kind(std::string_view text);

// A handle as app/contact_handles.h normalised it (E.164, a lower-cased address, a Telegram
// name without "@", …); this module checks only that it is a plausible single line.
struct ContactHandle {
  ContactKind kind = ContactKind::Phone;
  std::string value;
  bool operator==(ContactHandle const&) const = default;
};

// A date of birth as precise as the person gave it: a year, or a whole date.
struct BirthDate {
  int year = 0;
  int month = 0;  // 1..12, or 0 when only the year is known (then day is 0 too)
  int day = 0;
  bool operator==(BirthDate const&) const = default;
};

// "YYYY" or "YYYY-MM-DD" (a real calendar date), from kEarliestBirthYear up to `today` (the
// caller's clock decides; domain/ reads none). InvalidInput naming the field otherwise;
// surrounding spaces are ignored.
Result<BirthDate> parse_birth_date(std::string_view text, std::chrono::year_month_day today);
// The inverse: "1994" or "1994-03-07".
std::string format_birth_date(BirthDate const& date);

struct Person {
  std::string alias;  // required: 1..kMaxAliasChars code points, one line
  std::string names;  // optional free text (several names, transliterations)
  std::optional<BirthDate> born;
  std::string documents;  // optional free text: what papers the person holds
  std::vector<ContactHandle> handles;
  bool operator==(Person const&) const = default;
};

// InvalidInput naming the first bad field: the alias (a label, domain::validate_label),
// names and documents (free text or empty), more than kMaxContactHandles handles, a
// handle that is empty, too long or not one line, the same handle twice, a date of birth
// outside the calendar or kEarliestBirthYear..`today`'s year.
Result<void> validate(Person const& person, std::chrono::year_month_day today);

}  // namespace haven::domain

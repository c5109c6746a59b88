// Translated messages, numbers and dates in Haven's four languages. The gettext catalogs
// (po/*.po, compiled with msgfmt at build time) are embedded in the binary; one Boost.Locale
// ICU locale per language is built once at start-up, since generating one is expensive.
#pragma once

#include <array>
#include <chrono>
#include <locale>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/language.h"

namespace haven::i18n {

class Catalog {
 public:
  using time_point = std::chrono::system_clock::time_point;

  // Builds the four locales from the embedded catalogs. Internal when a catalog is missing
  // or the ICU backend cannot create a locale (a broken build, not bad input). Takes tens of
  // milliseconds: call once and share the result.
  static Result<Catalog> load();

  // Every method below is const and thread-safe: the locales are immutable after load().

  // The translation of `msgid`, or `msgid` itself when the catalog has none.
  std::string translate(domain::Language language, std::string_view msgid) const;
  // The plural form for `n` (Russian and Ukrainian have three) with "{count}" replaced by
  // `n` formatted for the language ("1 234 заявки").
  std::string translate_plural(domain::Language language, std::string_view singular,
                               std::string_view plural, long n) const;
  // "1,234,567.5" (en), "1.234.567,5" (de), "1 234 567,5" with U+00A0 (ru, uk).
  std::string format_number(domain::Language language, double value) const;
  std::string format_number(domain::Language language, long value) const;
  // Long date in `time_zone` (an Olson name; UTC by default): "January 15, 2027",
  // "15 января 2027 г.", "15. Januar 2027".
  std::string format_date(domain::Language language, time_point when,
                          std::string_view time_zone = "UTC") const;
  // Medium date and short time: "Jan 15, 2027, 8:00 AM", "15.01.2027, 08:00".
  std::string format_date_time(domain::Language language, time_point when,
                               std::string_view time_zone = "UTC") const;

 private:
  explicit Catalog(std::array<std::locale, 4> locales) : locales_(std::move(locales)) {}
  std::locale const& locale_for(domain::Language language) const;

  std::array<std::locale, 4> locales_;  // indexed like domain::kLanguages
};

}  // namespace haven::i18n

#include "domain/language.h"

#include <gtest/gtest.h>

namespace haven::domain {
namespace {

TEST(Language, ParsesCodesWithOrWithoutRegion) {
  struct Row {
    std::string_view text;
    std::optional<Language> want;
  };
  Row const rows[] = {
      {"en", Language::En},    {"RU", Language::Ru},    {"uk", Language::Uk},
      {"de", Language::De},    {"ru-RU", Language::Ru}, {"de_AT", Language::De},
      {"uk-UA", Language::Uk}, {"fr", std::nullopt},    {"", std::nullopt},
      {"r", std::nullopt},     {"rus", std::nullopt},   {"ru RU", std::nullopt},
      {"ua", std::nullopt},  // the country, not the language
  };
  for (auto const& row : rows) EXPECT_EQ(parse_language(row.text), row.want) << row.text;
}

TEST(Language, EveryLanguageHasACodeAndANativeName) {
  for (Language language : kLanguages) {
    EXPECT_EQ(parse_language(code(language)), language);
    EXPECT_FALSE(native_name(language).empty());
  }
  EXPECT_EQ(native_name(Language::Uk), "Українська");
}

}  // namespace
}  // namespace haven::domain

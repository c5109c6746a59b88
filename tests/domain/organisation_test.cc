#include "domain/organisation.h"

#include <gtest/gtest.h>

#include "domain/text.h"

namespace haven::domain {
namespace {

OrganisationDetails valid() {
  return OrganisationDetails{.name = "Connection e.V.",
                             .country = "DE",
                             .city = "Offenbach am Main",
                             .languages = {Language::Ru, Language::En, Language::De},
                             .kind = OrganisationKind::MemberOrganisation};
}

TEST(Organisation, ValidationTable) {
  struct Row {
    std::string_view name;
    void (*change)(OrganisationDetails&);
    std::optional<ErrorCode> want;  // nullopt: valid
  };
  Row const rows[] = {
      {"valid", [](OrganisationDetails&) {}, std::nullopt},
      {"cyrillic name", [](OrganisationDetails& d) { d.name = "Наш Дом"; }, std::nullopt},
      {"200 characters of Cyrillic",
       [](OrganisationDetails& d) {
         d.name.clear();
         for (int i = 0; i < 200; ++i) d.name += "Ж";
       },
       std::nullopt},
      {"empty name", [](OrganisationDetails& d) { d.name.clear(); }, ErrorCode::InvalidInput},
      {"201 characters", [](OrganisationDetails& d) { d.name = std::string(201, 'a'); },
       ErrorCode::InvalidInput},
      {"huge name", [](OrganisationDetails& d) { d.name = std::string(1 << 20, 'a'); },
       ErrorCode::InvalidInput},
      {"newline", [](OrganisationDetails& d) { d.name = "Nash\nDom"; }, ErrorCode::InvalidInput},
      {"NUL", [](OrganisationDetails& d) { d.name = std::string("Nash\0Dom", 8); },
       ErrorCode::InvalidInput},
      {"tab", [](OrganisationDetails& d) { d.name = "Nash\tDom"; }, ErrorCode::InvalidInput},
      {"DEL", [](OrganisationDetails& d) { d.name = "Nash\x7f"; }, ErrorCode::InvalidInput},
      {"C1 control", [](OrganisationDetails& d) { d.name = "Nash\xc2\x85"; },
       ErrorCode::InvalidInput},
      {"bidi override",
       [](OrganisationDetails& d) {
         d.name =
             "Nash\xe2\x80\xae"
             "moD";
       },
       ErrorCode::InvalidInput},
      {"bad UTF-8", [](OrganisationDetails& d) { d.name = "Nash \xff"; }, ErrorCode::InvalidInput},
      {"overlong UTF-8", [](OrganisationDetails& d) { d.name = "\xc0\xaf"; },
       ErrorCode::InvalidInput},
      {"truncated UTF-8", [](OrganisationDetails& d) { d.name = "\xd0"; }, ErrorCode::InvalidInput},
      {"surrogate", [](OrganisationDetails& d) { d.name = "\xed\xa0\x80"; },
       ErrorCode::InvalidInput},
      {"leading space", [](OrganisationDetails& d) { d.name = " Nash Dom"; },
       ErrorCode::InvalidInput},
      {"unknown country", [](OrganisationDetails& d) { d.country = "XX"; },
       ErrorCode::InvalidInput},
      {"lower-case country", [](OrganisationDetails& d) { d.country = "de"; },
       ErrorCode::InvalidInput},
      {"alpha-3 country", [](OrganisationDetails& d) { d.country = "DEU"; },
       ErrorCode::InvalidInput},
      {"empty country", [](OrganisationDetails& d) { d.country.clear(); }, ErrorCode::InvalidInput},
      {"empty city", [](OrganisationDetails& d) { d.city.clear(); }, ErrorCode::InvalidInput},
      {"101-character city", [](OrganisationDetails& d) { d.city = std::string(101, 'b'); },
       ErrorCode::InvalidInput},
      {"city with control", [](OrganisationDetails& d) { d.city = "Tbi\x1blisi"; },
       ErrorCode::InvalidInput},
      {"no languages", [](OrganisationDetails& d) { d.languages.clear(); },
       ErrorCode::InvalidInput},
      {"repeated language",
       [](OrganisationDetails& d) {
         d.languages = {Language::Ru, Language::Ru};
       },
       ErrorCode::InvalidInput},
  };
  for (auto const& row : rows) {
    auto details = valid();
    row.change(details);
    auto result = validate(details);
    if (!row.want) {
      EXPECT_TRUE(result.ok()) << row.name << ": " << result.error().detail;
    } else {
      ASSERT_FALSE(result.ok()) << row.name;
      EXPECT_EQ(result.error().code, *row.want) << row.name;
    }
  }
}

TEST(Organisation, ErrorsNameTheFieldButNotTheValue) {
  auto details = valid();
  details.city = std::string("Secret\nCity");
  auto result = validate(details);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().detail.find("city"), std::string::npos);
  EXPECT_EQ(result.error().detail.find("Secret"), std::string::npos);
}

TEST(Organisation, KindsParseAndPrint) {
  struct Row {
    std::string_view text;
    std::optional<OrganisationKind> want;
  };
  Row const rows[] = {
      {"member", OrganisationKind::MemberOrganisation},
      {"contact-point", OrganisationKind::ContactPoint},
      {"Member", std::nullopt},
      {"contact_point", std::nullopt},
      {"contactpoint", std::nullopt},
      {"", std::nullopt},
      {"partner", std::nullopt},
  };
  for (auto const& row : rows) EXPECT_EQ(parse_organisation_kind(row.text), row.want) << row.text;
  for (auto kind : {OrganisationKind::MemberOrganisation, OrganisationKind::ContactPoint}) {
    EXPECT_EQ(parse_organisation_kind(to_string(kind)), kind);
  }
}

TEST(Organisation, CountryTable) {
  for (auto code : {"DE", "GE", "LV", "LT", "UA", "BY", "RU", "FI", "AM", "KZ", "AD", "ZW"}) {
    EXPECT_TRUE(is_known_country(code)) << code;
  }
  for (auto code : {"", "D", "XX", "UK", "EU", "de", "DEU", "ZZ", "AA"}) {
    EXPECT_FALSE(is_known_country(code)) << code;
  }
  EXPECT_EQ(normalise_country("ge"), "GE");
  EXPECT_EQ(normalise_country("De"), "DE");
  EXPECT_EQ(normalise_country("xx"), std::nullopt);
  EXPECT_EQ(normalise_country("d1"), std::nullopt);
  int known = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) known += is_known_country(std::string{a, b}) ? 1 : 0;
  }
  EXPECT_EQ(known, 249);  // ISO 3166-1's officially assigned codes
}

TEST(Organisation, LanguageLists) {
  struct Row {
    std::string_view text;
    std::optional<std::vector<Language>> want;
  };
  Row const rows[] = {
      {"ru,en,de", std::vector{Language::Ru, Language::En, Language::De}},
      {"ru, EN ,de", std::vector{Language::Ru, Language::En, Language::De}},
      {"uk", std::vector{Language::Uk}},
      {"ru,ru,en", std::vector{Language::Ru, Language::En}},
      {"", std::nullopt},
      {" ", std::nullopt},
      {"ru,", std::nullopt},
      {",ru", std::nullopt},
      {"ru,,en", std::nullopt},
      {"fr", std::nullopt},
      {"ru-RU", std::nullopt},
      {"russian", std::nullopt},
  };
  for (auto const& row : rows) {
    auto parsed = parse_languages(row.text);
    if (!row.want) {
      ASSERT_FALSE(parsed.ok()) << row.text;
      EXPECT_EQ(parsed.error().code, ErrorCode::InvalidInput);
    } else {
      ASSERT_TRUE(parsed.ok()) << row.text;
      EXPECT_EQ(*parsed, *row.want) << row.text;
    }
  }
  EXPECT_EQ(join_languages({Language::Ru, Language::En, Language::De}), "ru,en,de");
}

TEST(Text, CountsCodePointsOfValidUtf8Only) {
  EXPECT_EQ(count_code_points(""), 0);
  EXPECT_EQ(count_code_points("Тбилиси"), 7);
  EXPECT_EQ(count_code_points("\xf0\x9f\x98\x80"), 1);
  EXPECT_EQ(count_code_points("\xf4\x90\x80\x80"), -1);  // above U+10FFFF
  EXPECT_EQ(count_code_points("\xe0\x80\xaf"), -1);      // overlong
}

TEST(Text, FreeTextKeepsLinesAndTabsOnly) {
  struct Row {
    std::string_view name;
    std::string text;
    bool valid;
  };
  Row const rows[] = {
      {"one word", "Звонил", true},
      {"lines and tabs", "Первая строка\n\tвторая\n", true},
      {"leading and trailing spaces", "  note  ", true},
      {"exactly the cap", std::string(40, 'x'), true},
      {"empty", "", false},
      {"only white space", " \n\t ", false},
      {"over the cap", std::string(41, 'x'), false},
      {"invalid UTF-8", "abc\xff", false},
      {"carriage return", "line\r\nline", false},
      {"NUL", std::string("a\0b", 3), false},
      {"escape", "a\x1b[31mb", false},
      {"bidi override", "a\u202eb", false},
  };
  for (auto const& row : rows) {
    auto result = validate_text("note", row.text, 40);
    EXPECT_EQ(result.ok(), row.valid) << row.name;
    if (!result.ok()) {
      EXPECT_EQ(result.error().code, ErrorCode::InvalidInput) << row.name;
      EXPECT_EQ(result.error().detail.rfind("note ", 0), 0u) << row.name;
    }
  }
  // Labels stay on one line.
  EXPECT_FALSE(validate_label("name", "a\nb", 10).ok());
}

}  // namespace
}  // namespace haven::domain

#include "domain/person.h"

#include <gtest/gtest.h>

#include <string>

namespace haven::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr std::chrono::year_month_day kToday{year{2026}, month{12}, day{2}};

Person minimal() {
  return Person{.alias = "Сокол", .names = {}, .born = {}, .documents = {}, .handles = {}};
}

TEST(ContactKindTest, WordsRoundTripAndNothingElseParses) {
  for (auto kind : kContactKinds) EXPECT_EQ(parse_contact_kind(to_string(kind)), kind);
  EXPECT_EQ(parse_contact_kind(""), std::nullopt);
  EXPECT_EQ(parse_contact_kind("Phone"), std::nullopt);
  EXPECT_EQ(parse_contact_kind("phone "), std::nullopt);
  EXPECT_EQ(parse_contact_kind("whatsapp"), std::nullopt);
}

TEST(BirthDateTest, YearOrWholeDateInThePlausibleRange) {
  struct Row {
    std::string_view input;
    bool ok;
    BirthDate want;
  };
  Row const rows[] = {
      {"1994", true, {1994, 0, 0}},
      {"0994", false, {}},
      {" 1994-03-07 ", true, {1994, 3, 7}},
      {"2000-02-29", true, {2000, 2, 29}},
      {"2026-12-02", true, {2026, 12, 2}},
      {"1900", true, {1900, 0, 0}},
      {"1899", false, {}},
      {"2027", false, {}},
      {"2026-12-03", false, {}},  // tomorrow
      {"1999-02-29", false, {}},
      {"1994-13-01", false, {}},
      {"1994-00-10", false, {}},
      {"1994-01-00", false, {}},
      {"1994-1-7", false, {}},
      {"94", false, {}},
      {"", false, {}},
      {"-994", false, {}},
      {"1994-+3-07", false, {}},
      {"１９９４", false, {}},  // full-width digits
      {"07.03.1994", false, {}},
      {"1994-03-07T00:00", false, {}},
  };
  for (auto const& row : rows) {
    auto parsed = parse_birth_date(row.input, kToday);
    EXPECT_EQ(parsed.ok(), row.ok) << row.input;
    if (row.ok && parsed.ok()) {
      EXPECT_EQ(*parsed, row.want) << row.input;
      EXPECT_EQ(parse_birth_date(format_birth_date(*parsed), kToday).value(), *parsed);
    }
    if (!row.ok && !parsed.ok()) {
      EXPECT_EQ(parsed.error().code, ErrorCode::InvalidInput) << row.input;
      EXPECT_NE(parsed.error().detail.find("date of birth"), std::string::npos);
    }
  }
}

TEST(PersonTest, AliasIsRequiredAndOneShortLine) {
  EXPECT_TRUE(validate(minimal(), kToday).ok());
  auto person = minimal();
  person.alias = "";
  EXPECT_FALSE(validate(person, kToday).ok());
  person.alias = std::string(kMaxAliasChars, 'a');
  EXPECT_TRUE(validate(person, kToday).ok());
  person.alias = std::string(kMaxAliasChars + 1, 'a');
  EXPECT_FALSE(validate(person, kToday).ok());
  // 80 Cyrillic letters are 160 bytes and still fine: the limit counts code points.
  person.alias.clear();
  for (std::size_t i = 0; i < kMaxAliasChars; ++i) person.alias += "ж";
  EXPECT_TRUE(validate(person, kToday).ok());
  for (std::string bad : {"two\nlines", " padded", "\xff\xfe", "bidi\u202etxt"}) {
    person.alias = bad;
    auto valid = validate(person, kToday);
    ASSERT_FALSE(valid.ok()) << bad;
    EXPECT_EQ(valid.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(valid.error().detail.find("alias"), std::string::npos);
  }
}

TEST(PersonTest, OptionalTextsMayBeEmptyButNotBlankOrHuge) {
  auto person = minimal();
  person.names = "Иван Петров\nIvan Petrov";
  person.documents = "internal passport, no foreign passport";
  EXPECT_TRUE(validate(person, kToday).ok());
  person.names = "   ";
  EXPECT_FALSE(validate(person, kToday).ok());
  person.names = std::string(kMaxPersonNamesChars + 1, 'x');
  EXPECT_FALSE(validate(person, kToday).ok());
  person.names.clear();
  person.documents = std::string(kMaxDocumentsHeldChars + 1, 'x');
  auto valid = validate(person, kToday);
  ASSERT_FALSE(valid.ok());
  EXPECT_NE(valid.error().detail.find("documents"), std::string::npos);
}

TEST(PersonTest, BirthDateIsCheckedAgainstToday) {
  auto person = minimal();
  person.born = BirthDate{2027, 0, 0};
  EXPECT_FALSE(validate(person, kToday).ok());
  person.born = BirthDate{1994, 2, 30};
  EXPECT_FALSE(validate(person, kToday).ok());
  person.born = BirthDate{1994, 0, 5};  // a day without a month
  EXPECT_FALSE(validate(person, kToday).ok());
  person.born = BirthDate{1994, 2, 28};
  EXPECT_TRUE(validate(person, kToday).ok());
}

TEST(PersonTest, AtMostTenDistinctOneLineHandles) {
  auto person = minimal();
  for (std::size_t i = 0; i < kMaxContactHandles; ++i) {
    person.handles.push_back({ContactKind::Phone, "+4930123456" + std::to_string(i)});
  }
  EXPECT_TRUE(validate(person, kToday).ok());
  person.handles.push_back({ContactKind::Email, "one@example.org"});
  EXPECT_FALSE(validate(person, kToday).ok());
  person.handles.resize(2);
  person.handles[1] = person.handles[0];
  auto twice = validate(person, kToday);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().detail.find("twice"), std::string::npos);
  // The same value as two kinds is two handles.
  person.handles[1].kind = ContactKind::Signal;
  EXPECT_TRUE(validate(person, kToday).ok());
  person.handles[1].value = "";
  EXPECT_FALSE(validate(person, kToday).ok());
  person.handles[1].value = "a\nb";
  EXPECT_FALSE(validate(person, kToday).ok());
  person.handles[1].value = std::string(kMaxHandleChars + 1, 'a');
  EXPECT_FALSE(validate(person, kToday).ok());
}

}  // namespace
}  // namespace haven::domain

#include "i18n/catalog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace haven::i18n {
namespace {

using domain::Language;

Catalog const& catalog() {
  static Catalog const loaded = [] {
    auto result = Catalog::load();
    if (!result.ok()) throw std::runtime_error(result.error().detail);
    return std::move(result.value());
  }();
  return loaded;
}

constexpr std::string_view kSingular = "{count} request";
constexpr std::string_view kPlural = "{count} requests";

TEST(CatalogTest, TranslatesKnownMessages) {
  EXPECT_EQ(catalog().translate(Language::Ru, "Page not found"), "Страница не найдена");
  EXPECT_EQ(catalog().translate(Language::Uk, "Page not found"), "Сторінку не знайдено");
  EXPECT_EQ(catalog().translate(Language::De, "Page not found"), "Seite nicht gefunden");
  EXPECT_EQ(catalog().translate(Language::En, "Page not found"), "Page not found");
}

TEST(CatalogTest, UnknownMessageFallsBackToMsgid) {
  EXPECT_EQ(catalog().translate(Language::Ru, "no such message"), "no such message");
  EXPECT_EQ(catalog().translate(Language::De, ""), "");
}

struct PluralRow {
  Language language;
  long n;
  std::string_view want;
};

TEST(CatalogTest, PluralFormsFollowEachLanguagesRules) {
  PluralRow const rows[] = {
      {Language::Ru, 1, "1 заявка"},     {Language::Ru, 2, "2 заявки"},
      {Language::Ru, 4, "4 заявки"},     {Language::Ru, 5, "5 заявок"},
      {Language::Ru, 0, "0 заявок"},     {Language::Ru, 11, "11 заявок"},
      {Language::Ru, 12, "12 заявок"},   {Language::Ru, 14, "14 заявок"},
      {Language::Ru, 21, "21 заявка"},   {Language::Ru, 22, "22 заявки"},
      {Language::Ru, 25, "25 заявок"},   {Language::Ru, 101, "101 заявка"},
      {Language::Ru, 111, "111 заявок"}, {Language::Uk, 1, "1 заявка"},
      {Language::Uk, 2, "2 заявки"},     {Language::Uk, 5, "5 заявок"},
      {Language::Uk, 11, "11 заявок"},   {Language::Uk, 21, "21 заявка"},
      {Language::Uk, 22, "22 заявки"},   {Language::Uk, 112, "112 заявок"},
      {Language::En, 0, "0 requests"},   {Language::En, 1, "1 request"},
      {Language::En, 2, "2 requests"},   {Language::En, 21, "21 requests"},
      {Language::De, 1, "1 Anfrage"},    {Language::De, 2, "2 Anfragen"},
      {Language::De, 0, "0 Anfragen"},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(catalog().translate_plural(row.language, kSingular, kPlural, row.n), row.want)
        << domain::code(row.language) << " n=" << row.n;
  }
}

TEST(CatalogTest, PluralCountIsFormattedPerLanguage) {
  EXPECT_EQ(catalog().translate_plural(Language::Ru, kSingular, kPlural, 1001),
            "1\u00a0001 заявка");
  EXPECT_EQ(catalog().translate_plural(Language::En, kSingular, kPlural, 1001), "1,001 requests");
  // Beyond int: the form still follows n mod 100 (…21 → singular in Russian).
  EXPECT_EQ(catalog().translate_plural(Language::Ru, kSingular, kPlural, 10'000'000'021L),
            "10\u00a0000\u00a0000\u00a0021 заявка");
}

struct NumberRow {
  Language language;
  double value;
  std::string_view want;
};

TEST(CatalogTest, FormatsNumbersPerLanguage) {
  // What ICU 72 produces: ru and uk group with U+00A0 NO-BREAK SPACE.
  NumberRow const rows[] = {
      {Language::En, 1234567.5, "1,234,567.5"},
      {Language::De, 1234567.5, "1.234.567,5"},
      {Language::Ru, 1234567.5, "1\u00a0234\u00a0567,5"},
      {Language::Uk, 1234567.5, "1\u00a0234\u00a0567,5"},
      {Language::De, 0.125, "0,125"},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(catalog().format_number(row.language, row.value), row.want)
        << domain::code(row.language);
  }
  EXPECT_EQ(catalog().format_number(Language::En, 1234567L), "1,234,567");
  EXPECT_EQ(catalog().format_number(Language::De, 1234567L), "1.234.567");
  EXPECT_EQ(catalog().format_number(Language::Ru, -42L), "-42");
}

TEST(CatalogTest, FormatsDatesPerLanguage) {
  auto when = std::chrono::system_clock::time_point{std::chrono::seconds{1'800'000'000}};
  // 2027-01-15 08:00 UTC. ICU 72 puts U+202F NARROW NO-BREAK SPACE before "г."/"р." and "AM".
  EXPECT_EQ(catalog().format_date(Language::En, when), "January 15, 2027");
  EXPECT_EQ(catalog().format_date(Language::De, when), "15. Januar 2027");
  EXPECT_EQ(catalog().format_date(Language::Ru, when), "15 января 2027\u202fг.");
  EXPECT_EQ(catalog().format_date(Language::Uk, when), "15 січня 2027\u202fр.");
  EXPECT_EQ(catalog().format_date_time(Language::En, when), "Jan 15, 2027, 8:00\u202fAM");
  EXPECT_EQ(catalog().format_date_time(Language::De, when), "15.01.2027, 08:00");
  EXPECT_EQ(catalog().format_date_time(Language::De, when, "Europe/Berlin"), "15.01.2027, 09:00");
}

TEST(CatalogTest, IsSafeToShareBetweenThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&wrong] {
      for (int i = 0; i < 200; ++i) {
        if (catalog().translate_plural(Language::Ru, kSingular, kPlural, 5) != "5 заявок") ++wrong;
        if (catalog().format_number(Language::De, 1234567.5) != "1.234.567,5") ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace haven::i18n

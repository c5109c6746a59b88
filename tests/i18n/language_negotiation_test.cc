#include "i18n/language_negotiation.h"

#include <gtest/gtest.h>

#include <string>

namespace haven::i18n {
namespace {

using domain::Language;

struct Row {
  std::string_view name;
  std::string_view accept_language;
  std::string_view cookie;
  Language want;
};

TEST(LanguageNegotiationTest, Table) {
  Row const rows[] = {
      {"nothing", "", "", Language::En},
      {"cookie wins over header", "de-DE,de;q=0.9", "ru", Language::Ru},
      {"cookie in upper case", "", "UK", Language::Uk},
      {"invalid cookie ignored", "de", "xx", Language::De},
      {"garbage cookie ignored", "uk", "ru\r\nSet-Cookie: a", Language::Uk},
      {"simple header", "ru", "", Language::Ru},
      {"region subtag", "ru-RU,ru;q=0.9,en-US;q=0.8", "", Language::Ru},
      {"underscore region", "de_AT", "", Language::De},
      {"first supported in order", "fr-FR,fr;q=0.9,uk;q=0.8,ru;q=0.7", "", Language::Uk},
      {"highest q wins over order", "en;q=0.5, de;q=0.9", "", Language::De},
      {"ties keep header order", "uk;q=0.8, ru;q=0.8", "", Language::Uk},
      {"q=0 excludes", "ru;q=0, de", "", Language::De},
      {"only q=0", "ru;q=0", "", Language::En},
      {"q=0.000 excludes", "ru;q=0.000,uk;q=0.001", "", Language::Uk},
      {"upper-case Q", "de;Q=0.5,ru;Q=0.4", "", Language::De},
      {"spaces around parameters", " ru ; q = 0.3 , de ; q=0.2", "", Language::Ru},
      {"wildcard alone", "*", "", Language::En},
      {"wildcard after a preference", "de,*;q=0.5", "", Language::De},
      {"wildcard above preference", "de;q=0.1,*", "", Language::En},
      {"wildcard skips named languages", "en;q=0,*", "", Language::Ru},
      {"unknown languages only", "fr, es;q=0.9, x-klingon", "", Language::En},
      {"invalid q ignored", "ru;q=2, de;q=abc, uk;q=0.5", "", Language::Uk},
      {"q with too many digits", "ru;q=0.5555,de;q=0.4", "", Language::De},
      {"extension parameter", "ru;level=1;q=0.9,de;q=0.8", "", Language::Ru},
      {"garbage", ";;;,,,=q;;==", "", Language::En},
      {"binary", std::string_view("\x00\xff\xfe,ru", 6), "", Language::Ru},
      {"three-letter code is not ours", "rus,deu", "", Language::En},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(negotiate_language(row.accept_language, row.cookie), row.want) << row.name;
  }
}

TEST(LanguageNegotiationTest, HugeHeaderIsReadOnlyInPart) {
  std::string header;
  while (header.size() < 100'000) header += "fr;q=0.1,";
  header += "ru";  // beyond kMaxAcceptLanguageBytes: not seen
  EXPECT_EQ(negotiate_language(header, ""), Language::En);
  EXPECT_EQ(negotiate_language("de," + header, ""), Language::De);
}

}  // namespace
}  // namespace haven::i18n

#include "i18n/catalog.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "po_file.h"

namespace haven::i18n {
namespace {

using domain::Language;
using testing::PoEntry;
using testing::PoFile;
using testing::read_po;

std::string po_path(std::string_view name) {
  return std::string(HAVEN_PO_DIR) + "/" + std::string(name);
}

// "{name}" with a lower-case name; std::regex trips g++ 12's -Wmaybe-uninitialized under ASan.
std::set<std::string> placeholders_in(std::string const& text) {
  std::set<std::string> out;
  std::size_t open = 0;
  while ((open = text.find('{', open)) != std::string::npos) {
    std::size_t close = open + 1;
    while (close < text.size() &&
           ((text[close] >= 'a' && text[close] <= 'z') || text[close] == '_')) {
      ++close;
    }
    if (close < text.size() && text[close] == '}' && close > open + 1) {
      out.insert(text.substr(open, close - open + 1));
    }
    open = close;
  }
  return out;
}

std::size_t expected_forms(Language language) {
  return language == Language::Ru || language == Language::Uk ? 3 : 2;
}

TEST(CatalogCompletenessTest, EveryTemplateMessageIsTranslatedInEveryCatalog) {
  PoFile pot = read_po(po_path("haven.pot"));
  ASSERT_GT(pot.entries.size(), 20u);
  for (Language language : domain::kLanguages) {
    std::string name = std::string(domain::code(language)) + ".po";
    PoFile po = read_po(po_path(name));
    std::map<std::string, PoEntry> by_id;
    for (auto const& entry : po.entries) by_id[entry.msgid] = entry;
    for (auto const& wanted : pot.entries) {
      auto found = by_id.find(wanted.msgid);
      ASSERT_NE(found, by_id.end()) << name << " lacks: " << wanted.msgid;
      PoEntry const& entry = found->second;
      EXPECT_FALSE(entry.fuzzy) << name << " fuzzy: " << wanted.msgid;
      EXPECT_EQ(entry.msgid_plural, wanted.msgid_plural) << name << ": " << wanted.msgid;
      std::size_t forms = wanted.msgid_plural.empty() ? 1 : expected_forms(language);
      ASSERT_EQ(entry.msgstr.size(), forms) << name << ": " << wanted.msgid;
      for (auto const& text : entry.msgstr) {
        EXPECT_FALSE(text.empty()) << name << " untranslated: " << wanted.msgid;
        EXPECT_EQ(placeholders_in(text), placeholders_in(wanted.msgid))
            << name << " placeholders differ: " << wanted.msgid;
        // The web layer compiles translations into Mustache templates.
        EXPECT_EQ(text.find("{{"), std::string::npos) << name << ": " << wanted.msgid;
      }
    }
    EXPECT_EQ(po.entries.size(), pot.entries.size()) << name << " has messages not in the .pot";
  }
}

TEST(CatalogCompletenessTest, HeadersDeclareCharsetAndPluralForms) {
  std::string const slavic =
      "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
      "(n%100<10 || n%100>=20) ? 1 : 2);";
  for (Language language : domain::kLanguages) {
    std::string name = std::string(domain::code(language)) + ".po";
    PoFile po = read_po(po_path(name));
    EXPECT_EQ(po.header_field("Language"), domain::code(language)) << name;
    EXPECT_EQ(po.header_field("Content-Type"), "text/plain; charset=UTF-8") << name;
    std::string want = expected_forms(language) == 3 ? slavic : "nplurals=2; plural=(n != 1);";
    EXPECT_EQ(po.header_field("Plural-Forms"), want) << name;
  }
}

// The embedded .mo files are the ones built from the current .po files.
TEST(CatalogCompletenessTest, EmbeddedCatalogsAnswerEveryMessage) {
  auto catalog = Catalog::load();
  ASSERT_TRUE(catalog.ok()) << catalog.error().detail;
  for (Language language : domain::kLanguages) {
    PoFile po = read_po(po_path(std::string(domain::code(language)) + ".po"));
    for (auto const& entry : po.entries) {
      if (!entry.msgid_plural.empty()) continue;  // plural lookups: catalog_test.cc
      EXPECT_EQ(catalog->translate(language, entry.msgid), entry.msgstr[0])
          << domain::code(language) << ": " << entry.msgid;
    }
  }
}

}  // namespace
}  // namespace haven::i18n

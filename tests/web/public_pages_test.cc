#include "web/public_pages.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "../i18n/po_file.h"
#include "site_fixture.h"
#include "web/error_response.h"
#include "web/page_templates.h"

namespace haven::web {
namespace {

using testing::contains;
using testing::dispatch;
using testing::make_request;

http::Router const& router() { return testing::default_router(); }

http::Response get_home(std::string accept_language, std::string cookie = {},
                        std::string csrf_token = "token-for-forms") {
  auto request = make_request(http::Method::Get, "/");
  if (!accept_language.empty()) request.headers.add("Accept-Language", accept_language);
  if (!cookie.empty()) request.headers.add("Cookie", cookie);
  request.csrf_token = csrf_token;
  return dispatch(router(), request);
}

struct HomeRow {
  std::string_view accept_language;
  std::string_view lang;
  std::string_view heading;
};

TEST(HomePageTest, RendersInTheVisitorsLanguage) {
  HomeRow const rows[] = {
      {"", "en", "Counselling and support for conscientious objectors and deserters"},
      {"ru-RU,ru;q=0.9", "ru", "Консультации и поддержка для сознательных отказчиков и дезертиров"},
      {"uk", "uk", "Консультації та підтримка для відмовників від військової служби та дезертирів"},
      {"de-DE", "de", "Beratung und Unterstützung für Kriegsdienstverweigerer und Deserteure"},
  };
  for (auto const& row : rows) {
    auto response = get_home(std::string(row.accept_language));
    EXPECT_EQ(response.status, 200u);
    EXPECT_TRUE(contains(response.body, "<html lang=\"" + std::string(row.lang) + "\">"))
        << row.lang;
    EXPECT_TRUE(contains(response.body, "<h1>" + std::string(row.heading) + "</h1>")) << row.lang;
    EXPECT_EQ(response.headers.get("Content-Language"), row.lang);
  }
}

TEST(HomePageTest, LanguageCookieWinsOverHeader) {
  auto response = get_home("de", "lang=uk");
  EXPECT_TRUE(contains(response.body, "<html lang=\"uk\">"));
  EXPECT_TRUE(contains(get_home("de", "__Host-lang=ru").body, "<html lang=\"ru\">"));
}

TEST(HomePageTest, LayoutHasSwitchSkipLinkFooterAndNoExternalResources) {
  auto body = get_home("ru").body;
  EXPECT_TRUE(contains(body, "<meta name=\"viewport\""));
  EXPECT_TRUE(contains(body, "<a class=\"skip\" href=\"#main\">"));
  EXPECT_TRUE(contains(body, "<main id=\"main\""));
  EXPECT_TRUE(contains(body, "<link rel=\"stylesheet\" href=\"/static/haven.css?v="));
  EXPECT_TRUE(contains(body, "<form class=\"languages\" method=\"post\" action=\"/language\""));
  EXPECT_TRUE(contains(body, "<input type=\"hidden\" name=\"csrf\" value=\"token-for-forms\">"));
  EXPECT_TRUE(contains(body, "<input type=\"hidden\" name=\"next\" value=\"/\">"));
  EXPECT_TRUE(contains(body, "name=\"lang\" value=\"uk\" lang=\"uk\">Українська</button>"));
  EXPECT_TRUE(contains(body, "value=\"ru\" lang=\"ru\" aria-current=\"true\">Русский</button>"));
  EXPECT_TRUE(contains(body, "Мы не храним IP-адреса."));
  for (std::string_view banned :
       {"[[", "]]", "{{", "}}", "http://", "https://", "<script", " style=", "<style"}) {
    EXPECT_FALSE(contains(body, banned)) << banned;
  }
}

TEST(HomePageTest, WithoutATokenTheLanguageSwitchIsLeftOut) {
  auto body = get_home("de", {}, "").body;
  EXPECT_FALSE(contains(body, "action=\"/language\""));
  EXPECT_TRUE(contains(body, "<html lang=\"de\">"));
}

TEST(HomePageTest, TokenIsEscaped) {
  auto body = get_home("en", {}, "a\"><script>").body;
  EXPECT_FALSE(contains(body, "<script>"));
  EXPECT_TRUE(contains(body, "a&quot;&gt;&lt;script&gt;"));
}

TEST(StaticAssetsTest, ServesStylesheetIconAndFavicon) {
  auto css = make_request(http::Method::Get, "/static/haven.css");
  auto response = dispatch(router(), css);
  EXPECT_EQ(response.status, 200u);
  EXPECT_TRUE(response.content_type.starts_with("text/css"));
  EXPECT_TRUE(contains(response.body, ":focus-visible"));
  EXPECT_LT(response.body.size(), 6u * 1024);

  auto favicon = make_request(http::Method::Get, "/favicon.ico");
  response = dispatch(router(), favicon);
  EXPECT_EQ(response.status, 200u);
  EXPECT_TRUE(response.content_type.starts_with("image/svg+xml"));

  auto missing = make_request(http::Method::Get, "/static/nope.css");
  EXPECT_EQ(dispatch(router(), missing).status, 404u);
}

std::set<std::string> template_msgids() {
  auto pot = testing::read_po(std::string(HAVEN_PO_DIR) + "/haven.pot");
  std::set<std::string> ids;
  for (auto const& entry : pot.entries) ids.insert(entry.msgid);
  return ids;
}

// Every string a visitor reads comes from the catalog: the templates' and the error table's.
TEST(CatalogCoverageTest, TemplatesAndErrorWordingUseOnlyCatalogMessages) {
  auto const known = template_msgids();
  for (auto const& file : embedded_templates()) {
    for (auto const& msgid : msgids_in(file.content)) {
      EXPECT_TRUE(known.contains(msgid)) << file.name << ": " << msgid;
    }
  }
  for (unsigned status : statuses_with_wording()) {
    EXPECT_TRUE(known.contains(std::string(wording_for(status).title))) << status;
    EXPECT_TRUE(known.contains(std::string(wording_for(status).message))) << status;
  }
  EXPECT_TRUE(known.contains(std::string(wording_for(418).title)));
  EXPECT_TRUE(known.contains("Error reference: {id}"));
}

}  // namespace
}  // namespace haven::web

// HTTP tests: the real http::Server on 127.0.0.1, port 0, with the Site's router and error
// renderer, fetched over a socket.
#include "web/site.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/server.h"
#include "http_client.h"
#include "seeded_random.h"
#include "site_fixture.h"

namespace haven::web {
namespace {

using testing::contains;
using testing::send_request;

class SiteServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SiteConfig config;
    config.check_health = [] { return Result<app::HealthReport>(app::HealthReport{"sqlite", 1}); };
    config.metrics = &metrics_;
    config.metrics_token = "metrics-token";
    auto site = testing::make_site(std::move(config));
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.random = &random_;
    options.metrics = &metrics_;
    // A stand-in for vault::TokenMac: the test only needs a deterministic signature.
    options.sign_csrf = [](std::string_view cookie) { return "signed-" + std::string(cookie); };
    auto server = http::Server::start(options, site.router(), site.error_renderer());
    ASSERT_TRUE(server.ok()) << server.error().detail;
    server_ = std::move(server.value());
  }
  void TearDown() override {
    if (server_) server_->stop();
  }
  testing::ClientResponse get(std::string path, std::string extra_headers = {}) {
    std::string head = "GET " + path + " HTTP/1.1";
    if (!extra_headers.empty()) head += "\r\n" + extra_headers;
    return send_request(server_->port(), head);
  }

  testing::SeededRandom random_{7};
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(SiteServerTest, HomePageWithSecurityHeaders) {
  auto response = get("/", "Accept-Language: uk-UA,uk;q=0.9,en;q=0.5");
  EXPECT_EQ(response.status, 200u);
  EXPECT_TRUE(contains(response.body, "<html lang=\"uk\">"));
  EXPECT_TRUE(contains(response.header("content-type"), "text/html"));
  EXPECT_EQ(response.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(response.header("content-security-policy"), "default-src 'none'"));
  EXPECT_TRUE(contains(response.body, "name=\"csrf\" value=\"signed-")) << "token for the form";
}

TEST_F(SiteServerTest, StylesheetHasETagAndRevalidates) {
  auto first = get("/static/haven.css");
  EXPECT_EQ(first.status, 200u);
  EXPECT_TRUE(contains(first.header("content-type"), "text/css"));
  std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = get("/static/haven.css", "If-None-Match: " + etag);
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());
  // The layout links the stylesheet with the same version.
  auto home = get("/");
  std::string version = etag;
  std::erase(version, '"');
  EXPECT_TRUE(contains(home.body, "/static/haven.css?v=" + version)) << version;
}

TEST_F(SiteServerTest, HealthzAndApiIndex) {
  auto health = get("/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(health.body)["database"]["engine"], "sqlite");
  EXPECT_EQ(health.header("cache-control"), "no-store");
  auto api = get("/api/v1");
  EXPECT_EQ(api.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(api.body)["api"], "v1");
}

TEST_F(SiteServerTest, UnknownPathGetsTheNotFoundPageInGerman) {
  auto response = get("/nope", "Accept-Language: de-DE,de;q=0.9");
  EXPECT_EQ(response.status, 404u);
  EXPECT_TRUE(contains(response.body, "<html lang=\"de\">"));
  EXPECT_TRUE(contains(response.body, "Seite nicht gefunden"));
  EXPECT_TRUE(contains(response.header("content-type"), "text/html"));
}

TEST_F(SiteServerTest, UnknownApiPathGetsJson) {
  auto response = get("/api/nope", "Accept-Language: ru");
  EXPECT_EQ(response.status, 404u);
  EXPECT_TRUE(contains(response.header("content-type"), "application/json"));
  auto json = nlohmann::json::parse(response.body);
  EXPECT_EQ(json["error"]["code"], "not_found");
  EXPECT_EQ(json["error"]["message"], "Страница не найдена");
}

TEST_F(SiteServerTest, MetricsNeedTheToken) {
  EXPECT_EQ(get("/metrics").status, 404u);
  EXPECT_EQ(get("/metrics", "Authorization: Bearer nope").status, 404u);
  auto response = get("/metrics", "Authorization: Bearer metrics-token");
  EXPECT_EQ(response.status, 200u);
}

TEST_F(SiteServerTest, LanguageSwitchRoundTrip) {
  auto home = get("/");
  std::string set_cookie = home.header("set-cookie");  // the CSRF cookie
  ASSERT_FALSE(set_cookie.empty());
  std::string csrf_cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto marker = std::string("name=\"csrf\" value=\"");
  auto start = home.body.find(marker);
  ASSERT_NE(start, std::string::npos);
  start += marker.size();
  std::string token = home.body.substr(start, home.body.find('"', start) - start);

  std::string head =
      "POST /language HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: " +
      csrf_cookie;
  auto switched = send_request(server_->port(), head, "csrf=" + token + "&lang=ru&next=%2F");
  EXPECT_EQ(switched.status, 303u);
  EXPECT_EQ(switched.header("location"), "/");
  bool got_lang_cookie = false;
  for (auto const& [name, value] : switched.headers) {
    if (name == "set-cookie" && value.starts_with("lang=ru;")) got_lang_cookie = true;
  }
  EXPECT_TRUE(got_lang_cookie);

  auto russian = get("/", "Accept-Language: de\r\nCookie: lang=ru");
  EXPECT_TRUE(contains(russian.body, "<html lang=\"ru\">"));

  auto forged = send_request(server_->port(), head, "csrf=forged&lang=ru&next=%2F");
  EXPECT_EQ(forged.status, 403u);
  EXPECT_TRUE(contains(forged.body, "This action was blocked"));
}

}  // namespace
}  // namespace haven::web

#include "web/language_switch.h"

#include <gtest/gtest.h>

#include <string>

#include "site_fixture.h"

namespace haven::web {
namespace {

using testing::contains;
using testing::dispatch;
using testing::make_request;

http::Router const& router() { return testing::default_router(); }

http::Response post_language(std::string body) {
  auto request = make_request(http::Method::Post, "/language");
  request.headers.add("Content-Type", "application/x-www-form-urlencoded");
  request.body = std::move(body);
  return dispatch(router(), request);
}

TEST(LanguageSwitchTest, SetsTheCookieForAYearAndGoesBack) {
  auto response = post_language("csrf=x&lang=ru&next=%2Fstatic%2Fhaven.css");
  EXPECT_EQ(response.status, 303u);
  EXPECT_EQ(response.headers.get("Location"), "/static/haven.css");
  auto cookie = std::string(response.headers.get("Set-Cookie").value_or(""));
  EXPECT_TRUE(cookie.starts_with("lang=ru;")) << cookie;
  EXPECT_TRUE(contains(cookie, "Max-Age=31536000")) << cookie;
  EXPECT_TRUE(contains(cookie, "HttpOnly")) << cookie;
  EXPECT_TRUE(contains(cookie, "SameSite=Strict")) << cookie;
  EXPECT_TRUE(contains(cookie, "Path=/")) << cookie;
}

TEST(LanguageSwitchTest, SecureTransportGivesAHostOnlySecureCookie) {
  web::SiteConfig config;
  config.secure_transport = true;
  http::Router secure = testing::make_site(std::move(config)).router();
  auto request = make_request(http::Method::Post, "/language");
  request.headers.add("Content-Type", "application/x-www-form-urlencoded");
  request.body = "lang=de&next=/";
  auto cookie = std::string(dispatch(secure, request).headers.get("Set-Cookie").value_or(""));
  EXPECT_TRUE(cookie.starts_with("__Host-lang=de;")) << cookie;
  EXPECT_TRUE(contains(cookie, "Secure")) << cookie;
}

TEST(LanguageSwitchTest, UnknownOrMissingLanguageIsBadRequestForTheErrorPage) {
  for (std::string body :
       {"lang=fr&next=/", "next=/", "lang=ru-RU", "lang=", "lang=RU", "lang=%E2%80%AEru"}) {
    auto response = post_language(body);
    EXPECT_EQ(response.status, 400u) << body;
    EXPECT_TRUE(response.body.empty()) << body;
    EXPECT_FALSE(response.headers.get("Set-Cookie").has_value()) << body;
  }
}

TEST(LanguageSwitchTest, MissingNextGoesHome) {
  EXPECT_EQ(post_language("lang=uk").headers.get("Location"), "/");
}

struct NextRow {
  std::string_view next;
  std::string_view want;
};

TEST(LanguageSwitchTest, OnlyLocalPathsAreFollowed) {
  NextRow const rows[] = {
      {"/", "/"},
      {"/static/haven.css", "/static/haven.css"},
      {"/a/b?c=d&e=%2F", "/a/b?c=d&e=%2F"},
      {"/%D0%BF%D0%BE%D0%BC%D0%BE%D1%89%D1%8C", "/%D0%BF%D0%BE%D0%BC%D0%BE%D1%89%D1%8C"},
      {"", "/"},
      {"//evil.example", "/"},
      {"//evil.example/path", "/"},
      {"https://evil", "/"},
      {"http://evil.example/", "/"},
      {"/\\evil", "/"},
      {"/\\/evil", "/"},
      {"/ok\\evil", "/"},
      {"\\\\evil", "/"},
      {"javascript:alert(1)", "/"},
      {"evil.example", "/"},
      {"/\r\nSet-Cookie: x=1", "/"},
      {"/\tevil", "/"},
      {"/ evil", "/"},
      {"/пути", "/"},
      {std::string_view("/\0evil", 6), "/"},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(safe_local_path(row.next), row.want) << row.next;
  }
  EXPECT_EQ(safe_local_path("/" + std::string(3000, 'a')), "/");
}

TEST(LanguageSwitchTest, OpenRedirectAttemptsThroughTheFormGoHome) {
  for (std::string next : {"%2F%2Fevil.example", "https%3A%2F%2Fevil", "%2F%5Cevil",
                           "javascript%3Aalert(1)", "%2F%0D%0ALocation%3A%20x"}) {
    auto response = post_language("lang=de&next=" + next);
    EXPECT_EQ(response.status, 303u) << next;
    EXPECT_EQ(response.headers.get("Location"), "/") << next;
  }
}

}  // namespace
}  // namespace haven::web

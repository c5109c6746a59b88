#include "http/message.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "http/response_policy.h"

namespace haven::http {
namespace {

Request with_cookie_header(std::string value) {
  Request request;
  request.headers.add("Cookie", std::move(value));
  return request;
}

TEST(Request, ParsesCookies) {
  struct Row {
    std::string_view header, name;
    std::optional<std::string_view> want;
  };
  std::vector<Row> rows = {
      {"a=1; b=2", "a", "1"},          {"a=1; b=2", "b", "2"},
      {"a=1;b=2", "b", "2"},           {"  a = 1 ;  b=two words", "b", "two words"},
      {"a=\"quoted\"", "a", "quoted"}, {"a=1; a=2", "a", "1"},
      {"ab=1", "a", std::nullopt},     {"novalue; a=3", "a", "3"},
      {"", "a", std::nullopt},         {"a=", "a", ""},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.header);
    EXPECT_EQ(with_cookie_header(std::string(row.header)).cookie(row.name), row.want);
  }
}

TEST(Request, HeadersAreCaseInsensitiveAndQueryAndParamsLookUp) {
  Request request;
  request.headers.add("X-Thing", "v");
  EXPECT_EQ(request.header("x-thing"), "v");
  request.query = {{"a", "1"}, {"a", "2"}};
  EXPECT_EQ(request.query_value("a"), "1");
  EXPECT_EQ(request.query_value("b"), std::nullopt);
  request.params["id"] = "42";
  EXPECT_EQ(request.param("id"), "42");
  EXPECT_EQ(request.param("none"), "");
  request.path = "/api/v1/x";
  EXPECT_TRUE(request.is_api());
  request.path = "/apix";
  EXPECT_FALSE(request.is_api());
}

TEST(Headers, SetReplacesEveryValueOfThatName) {
  Headers headers;
  headers.add("A", "1");
  headers.add("a", "2");
  headers.set("A", "3");
  ASSERT_EQ(headers.all().size(), 1u);
  EXPECT_EQ(headers.get("a"), "3");
}

TEST(Response, FactoriesSetTypeAndStatus) {
  EXPECT_EQ(Response::html("x").content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Response::text("x", 201).status, 201u);
  EXPECT_EQ(Response::json("{}").content_type, "application/json");
  auto redirect = Response::see_other("/cases/1");
  EXPECT_EQ(redirect.status, 303u);
  EXPECT_EQ(redirect.headers.get("Location"), "/cases/1");
  for (std::string_view external : {"https://evil.example/", "//evil.example/", "/\\evil"}) {
    EXPECT_EQ(Response::see_other(std::string(external)).headers.get("Location"), "/");
  }
}

TEST(Response, SetCookieBuildsAttributes) {
  struct Row {
    Cookie cookie;
    bool secure;
    std::string_view want;
  };
  std::vector<Row> rows = {
      {{"sid", "abc", "/", std::nullopt, true, SameSite::Strict},
       false,
       "sid=abc; Path=/; HttpOnly; SameSite=Strict"},
      {{"sid", "abc", "/", 3600, true, SameSite::Strict},
       true,
       "__Host-sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict"},
      {{"lang", "ru", "/", 0, false, SameSite::Lax},
       false,
       "lang=ru; Path=/; Max-Age=0; SameSite=Lax"},
      // __Host- requires Path=/, so another path keeps the plain name (still Secure).
      {{"x", "1", "/staff", std::nullopt, true, SameSite::Strict},
       true,
       "x=1; Path=/staff; Secure; HttpOnly; SameSite=Strict"},
  };
  for (auto const& row : rows) {
    Response response;
    response.set_cookie(row.cookie, row.secure);
    EXPECT_EQ(response.headers.get("Set-Cookie"), row.want);
  }
}

TEST(Response, SetCookieRejectsInjection) {
  for (std::string_view value : {"a;Domain=evil", "a\r\nX: y", "a b", "a,b"}) {
    Response response;
    Cookie cookie;
    cookie.name = "sid";
    cookie.value = std::string(value);
    EXPECT_THROW(response.set_cookie(cookie, false), std::invalid_argument) << value;
  }
}

TEST(ResponsePolicy, RejectsHeadersThatCouldSplitTheResponse) {
  struct Row {
    std::string_view name, value;
    bool safe;
  };
  std::vector<Row> rows = {
      {"X-Fine", "value with\ttab", true},
      {"X-Bad", "a\r\nSet-Cookie: x=1", false},
      {"X-Bad", "a\nb", false},
      {"X-Bad", "a\rb", false},
      {"X-Bad", std::string_view("a\0b", 3), false},
      {"Bad Name", "v", false},
      {"Bad:Name", "v", false},
      {"Content-Length", "0", false},
      {"Transfer-Encoding", "chunked", false},
      {"Connection", "close", false},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    Response response;
    response.headers.add(std::string(row.name), std::string(row.value));
    EXPECT_EQ(has_safe_headers(response), row.safe);
  }
  Response bad_type;
  bad_type.content_type = "text/html\r\nX: y";
  EXPECT_FALSE(has_safe_headers(bad_type));
}

TEST(ResponsePolicy, NoStoreOnHtmlAndErrorsUnlessChosen) {
  EXPECT_TRUE(needs_no_store(Response::html("x")));
  EXPECT_TRUE(needs_no_store(Response::json("x", 404)));
  EXPECT_FALSE(needs_no_store(Response::json("x")));
  auto chosen = Response::html("x");
  chosen.headers.set("Cache-Control", "private, max-age=60");
  EXPECT_FALSE(needs_no_store(chosen));
}

}  // namespace
}  // namespace haven::http

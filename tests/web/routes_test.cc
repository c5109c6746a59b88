#include "web/routes.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "site_fixture.h"

namespace haven::web {
namespace {

bool is_state_changing(http::Method method) {
  return method != http::Method::Get && method != http::Method::Head &&
         method != http::Method::Options;
}

TEST(RoutesTest, EveryStateChangingRouteRequiresCsrfOrSaysWhyNot) {
  for (RouteRow const& row : route_table()) {
    if (is_state_changing(row.method)) {
      EXPECT_TRUE(row.csrf == http::Csrf::Required || !row.csrf_exemption.empty()) << row.pattern;
      EXPECT_GT(row.max_body_bytes, 0u) << row.pattern;
    } else {
      EXPECT_TRUE(row.csrf_exemption.empty()) << row.pattern << ": GET needs no exemption";
    }
  }
}

TEST(RoutesTest, PatternsAreUniqueLocalAndHaveHandlers) {
  std::set<std::pair<http::Method, std::string_view>> seen;
  for (RouteRow const& row : route_table()) {
    EXPECT_TRUE(seen.emplace(row.method, row.pattern).second) << "duplicate " << row.pattern;
    EXPECT_TRUE(row.pattern.starts_with("/")) << row.pattern;
    EXPECT_FALSE(row.pattern.starts_with("//")) << row.pattern;
    EXPECT_NE(row.handler, nullptr) << row.pattern;
  }
}

TEST(RoutesTest, TableHasTheProductsRoutes) {
  std::set<std::pair<http::Method, std::string_view>> rows;
  for (RouteRow const& row : route_table()) rows.emplace(row.method, row.pattern);
  std::pair<http::Method, std::string_view> const wanted[] = {
      {http::Method::Get, "/"},
      {http::Method::Post, "/language"},
      {http::Method::Get, "/static/{path...}"},
      {http::Method::Get, "/favicon.ico"},
      {http::Method::Get, "/healthz"},
      {http::Method::Get, "/metrics"},
      {http::Method::Get, "/api/v1"},
  };
  for (auto const& route : wanted) EXPECT_TRUE(rows.contains(route)) << route.second;
}

TEST(RoutesTest, RouterAnswersLikeTheTable) {
  auto site = testing::make_site();
  http::Router router = site.router();
  for (RouteRow const& row : route_table()) {
    std::string path(row.pattern);
    if (auto brace = path.find('{'); brace != std::string::npos) path = path.substr(0, brace) + "x";
    auto match = router.match(row.method, path);
    ASSERT_EQ(match.kind, http::RouteMatch::Kind::Found) << row.pattern;
    EXPECT_EQ(match.route->csrf, row.csrf) << row.pattern;
    EXPECT_EQ(match.route->max_body_bytes, row.max_body_bytes) << row.pattern;
  }
  EXPECT_EQ(router.match(http::Method::Get, "/nope").kind, http::RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match(http::Method::Get, "/language").kind,
            http::RouteMatch::Kind::MethodNotAllowed);
}

}  // namespace
}  // namespace haven::web

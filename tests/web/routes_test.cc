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
    EXPECT_TRUE(row.handler.is_set()) << row.pattern;
  }
}

// Access::Staff is what makes make_router resolve the session: a staff handler on a public
// row would run without one, and a staff row must never change state without a token.
TEST(RoutesTest, StaffRowsHaveStaffHandlersAndPostsRequireCsrf) {
  int staff_rows = 0;
  for (RouteRow const& row : route_table()) {
    bool is_staff_handler = row.handler.staff() != nullptr;
    EXPECT_EQ(is_staff_handler, row.access == Access::Staff) << row.pattern;
    int kinds = (row.handler.site() != nullptr) + (row.handler.staff() != nullptr) +
                (row.handler.deferred() != nullptr);
    EXPECT_EQ(kinds, 1) << row.pattern;
    if (row.access != Access::Staff) continue;
    ++staff_rows;
    if (is_state_changing(row.method)) {
      EXPECT_EQ(row.csrf, http::Csrf::Required) << row.pattern;
      EXPECT_TRUE(row.csrf_exemption.empty()) << row.pattern;
    }
  }
  EXPECT_GE(staff_rows, 5);
}

// Staff pages and the sign-in live under their own paths: nothing under /staff is public.
TEST(RoutesTest, EverythingUnderStaffNeedsASession) {
  for (RouteRow const& row : route_table()) {
    if (row.pattern == "/staff" || row.pattern.starts_with("/staff/")) {
      EXPECT_EQ(row.access, Access::Staff) << row.pattern;
    }
  }
}

TEST(RoutesTest, SignInIsDeferredAndCapped) {
  for (RouteRow const& row : route_table()) {
    if (row.pattern != "/sign-in" || row.method != http::Method::Post) continue;
    EXPECT_NE(row.handler.deferred(), nullptr) << "Argon2id must not run on an I/O thread";
    EXPECT_EQ(row.csrf, http::Csrf::Required);
    EXPECT_LE(row.max_body_bytes, 16u * 1024);
    return;
  }
  ADD_FAILURE() << "no POST /sign-in";
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
      {http::Method::Get, "/sign-in"},
      {http::Method::Post, "/sign-in"},
      {http::Method::Post, "/sign-out"},
      {http::Method::Get, "/staff"},
      {http::Method::Get, "/staff/sessions"},
      {http::Method::Post, "/staff/sessions/{id}/end"},
      {http::Method::Post, "/staff/sessions/end-others"},
  };
  for (auto const& route : wanted) EXPECT_TRUE(rows.contains(route)) << route.second;
}

TEST(RoutesTest, RouterAnswersLikeTheTable) {
  auto site = testing::make_site();
  http::Router router = site.router();
  for (RouteRow const& row : route_table()) {
    std::string path(row.pattern);
    // Each parameter ("{id}", "{path...}") becomes one plain segment.
    for (auto open = path.find('{'); open != std::string::npos; open = path.find('{')) {
      path.replace(open, path.find('}', open) - open + 1, "x");
    }
    auto match = router.match(row.method, path);
    ASSERT_EQ(match.kind, http::RouteMatch::Kind::Found) << row.pattern;
    EXPECT_EQ(match.route->csrf, row.csrf) << row.pattern;
    EXPECT_EQ(match.route->max_body_bytes, row.max_body_bytes) << row.pattern;
    EXPECT_EQ(static_cast<bool>(match.route->deferred), row.handler.deferred() != nullptr)
        << row.pattern;
  }
  EXPECT_EQ(router.match(http::Method::Get, "/nope").kind, http::RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match(http::Method::Get, "/language").kind,
            http::RouteMatch::Kind::MethodNotAllowed);
}

// A site built without the sign-in services (the public site's tests, a bare Site) answers
// the staff routes 404 instead of crashing on a null service.
TEST(RoutesTest, WithoutSignInServicesStaffRoutesAreNotFound) {
  http::Router const& router = testing::default_router();
  for (auto [method, path] :
       {std::pair{http::Method::Get, "/sign-in"}, std::pair{http::Method::Post, "/sign-in"},
        std::pair{http::Method::Get, "/staff"}, std::pair{http::Method::Get, "/staff/sessions"},
        std::pair{http::Method::Post, "/sign-out"}}) {
    auto request = testing::make_request(method, path);
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    EXPECT_EQ(testing::dispatch(router, request).status, 404u) << path;
  }
}

}  // namespace
}  // namespace haven::web

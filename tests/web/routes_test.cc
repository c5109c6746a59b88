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
    EXPECT_EQ(row.handler.is_staff(), row.access == Access::Staff) << row.pattern;
    int kinds = (row.handler.site() != nullptr) + (row.handler.staff() != nullptr) +
                (row.handler.deferred() != nullptr) + (row.handler.deferred_staff() != nullptr);
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

// Following an account link is public (the person has no account or lost its password),
// posts need the CSRF token, and Argon2id runs off the I/O threads.
TEST(RoutesTest, AccountLinkPostsAreDeferredPublicAndNeedCsrf) {
  int seen = 0;
  for (RouteRow const& row : route_table()) {
    if (!row.pattern.starts_with("/welcome/") && !row.pattern.starts_with("/reset/")) continue;
    ++seen;
    EXPECT_EQ(row.access, Access::Public) << row.pattern;
    if (row.method == http::Method::Post) {
      EXPECT_EQ(row.csrf, http::Csrf::Required) << row.pattern;
      EXPECT_NE(row.handler.deferred(), nullptr) << row.pattern;
    }
  }
  EXPECT_EQ(seen, 4);
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
      {http::Method::Get, "/welcome/{link}"},
      {http::Method::Post, "/welcome/{link}"},
      {http::Method::Get, "/reset/{link}"},
      {http::Method::Post, "/reset/{link}"},
      {http::Method::Get, "/staff/account"},
      {http::Method::Post, "/staff/account/password"},
      {http::Method::Post, "/staff/account/recovery-codes"},
      {http::Method::Get, "/staff/orgs/{org}/audit"},
      {http::Method::Get, "/staff/audit"},
      {http::Method::Get, "/staff/orgs/{org}/members"},
      {http::Method::Post, "/staff/orgs/{org}/members/invite"},
      {http::Method::Post, "/staff/orgs/{org}/members/{member}/reset"},
      {http::Method::Post, "/staff/orgs/{org}/members/{member}/grant"},
      {http::Method::Post, "/staff/orgs/{org}/members/{member}/end-sessions"},
      {http::Method::Post, "/staff/orgs/{org}/members/{member}/disable"},
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
    EXPECT_EQ(static_cast<bool>(match.route->deferred), row.handler.is_deferred()) << row.pattern;
  }
  EXPECT_EQ(router.match(http::Method::Get, "/nope").kind, http::RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match(http::Method::Get, "/language").kind,
            http::RouteMatch::Kind::MethodNotAllowed);
}

// Changing a password runs Argon2id twice: it must be a deferred staff route, whose
// session is resolved before the handler like every other staff route.
TEST(RoutesTest, PasswordChangeIsADeferredStaffRoute) {
  for (RouteRow const& row : route_table()) {
    if (row.pattern != "/staff/account/password") continue;
    EXPECT_EQ(row.method, http::Method::Post);
    EXPECT_NE(row.handler.deferred_staff(), nullptr) << "Argon2id must not run on an I/O thread";
    EXPECT_EQ(row.access, Access::Staff);
    EXPECT_EQ(row.csrf, http::Csrf::Required);
    EXPECT_LE(row.max_body_bytes, 16u * 1024);
    return;
  }
  ADD_FAILURE() << "no POST /staff/account/password";
}

// A site built without the sign-in services (the public site's tests, a bare Site) answers
// the staff routes 404 instead of crashing on a null service.
TEST(RoutesTest, WithoutSignInServicesStaffRoutesAreNotFound) {
  http::Router const& router = testing::default_router();
  for (auto [method, path] :
       {std::pair{http::Method::Get, "/sign-in"}, std::pair{http::Method::Post, "/sign-in"},
        std::pair{http::Method::Get, "/staff"}, std::pair{http::Method::Get, "/staff/sessions"},
        std::pair{http::Method::Post, "/sign-out"}, std::pair{http::Method::Get, "/staff/account"},
        std::pair{http::Method::Post, "/staff/account/password"},
        std::pair{http::Method::Post, "/staff/account/recovery-codes"},
        std::pair{http::Method::Get, "/staff/audit"}}) {
    auto request = testing::make_request(method, path);
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    EXPECT_EQ(testing::dispatch(router, request).status, 404u) << path;
  }
}

}  // namespace
}  // namespace haven::web

#include "http/router.h"

#include <gtest/gtest.h>

namespace haven::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) { return Response::text(name); };
}

Router make_router() {
  Router router;
  router.add({Method::Get, "/", named("root")});
  router.add({Method::Get, "/cases/{id}", named("case")});
  router.add({Method::Get, "/cases/new", named("new")});
  router.add({Method::Post, "/cases/{id}", named("update")});
  router.add({Method::Get, "/cases/{id}/notes/{note}", named("note")});
  router.add({Method::Get, "/static/{path...}", named("static")});
  router.add({Method::Delete, "/only-delete", named("delete")});
  return router;
}

std::string run(RouteMatch const& match) {
  Request request;
  return match.route->handler(request).body;
}

TEST(Router, MatchesLiteralsParamsAndRest) {
  struct Row {
    Method method;
    std::string_view path;
    RouteMatch::Kind kind;
    std::string_view handler;
    std::vector<std::pair<std::string, std::string>> params;
  };
  using K = RouteMatch::Kind;
  std::vector<Row> rows = {
      {Method::Get, "/", K::Found, "root", {}},
      {Method::Get, "/cases/abc", K::Found, "case", {{"id", "abc"}}},
      {Method::Get, "/cases/new", K::Found, "new", {}},  // literal beats parameter
      {Method::Post, "/cases/abc", K::Found, "update", {{"id", "abc"}}},
      {Method::Get, "/cases/a/notes/b", K::Found, "note", {{"id", "a"}, {"note", "b"}}},
      {Method::Get, "/static/css/haven.css", K::Found, "static", {{"path", "css/haven.css"}}},
      {Method::Get, "/static/x", K::Found, "static", {{"path", "x"}}},
      {Method::Head, "/cases/abc", K::Found, "case", {{"id", "abc"}}},  // HEAD falls back to GET
      {Method::Get, "/static", K::NotFound, "", {}},                    // rest needs one segment
      {Method::Get, "/static/", K::NotFound, "", {}},
      {Method::Get, "/cases", K::NotFound, "", {}},
      {Method::Get, "/cases/", K::NotFound, "", {}},
      {Method::Get, "/cases/a/b", K::NotFound, "", {}},
      {Method::Get, "/nothing", K::NotFound, "", {}},
      {Method::Put, "/cases/abc", K::MethodNotAllowed, "", {}},
      {Method::Get, "/only-delete", K::MethodNotAllowed, "", {}},
  };
  Router router = make_router();
  for (auto const& row : rows) {
    SCOPED_TRACE(row.path);
    auto match = router.match(row.method, row.path);
    ASSERT_EQ(match.kind, row.kind);
    if (row.kind != K::Found) continue;
    EXPECT_EQ(run(match), row.handler);
    EXPECT_EQ(match.params, row.params);
  }
}

TEST(Router, MethodNotAllowedListsAllowedMethods) {
  Router router = make_router();
  auto match = router.match(Method::Put, "/cases/abc");
  ASSERT_EQ(match.kind, RouteMatch::Kind::MethodNotAllowed);
  std::vector<Method> want = {Method::Get, Method::Head, Method::Post};
  EXPECT_EQ(match.allowed, want);
}

TEST(Router, ExplicitHeadRouteWinsOverGet) {
  Router router;
  router.add({Method::Get, "/x", named("get")});
  router.add({Method::Head, "/x", named("head")});
  EXPECT_EQ(run(router.match(Method::Head, "/x")), "head");
}

TEST(RouterDeathTest, MalformedPatternIsAProgrammingError) {
  Router router;
  EXPECT_DEATH(router.add({Method::Get, "no-slash", named("x")}), "");
  EXPECT_DEATH(router.add({Method::Get, "/{rest...}/after", named("x")}), "");
}

TEST(Router, DeferredRouteMatchesLikeAnyOther) {
  Router router;
  Route route{.method = Method::Post, .pattern = "/login"};
  route.deferred = [](Request&, Respond respond) { respond(Response::text("later")); };
  router.add(std::move(route));
  auto match = router.match(Method::Post, "/login");
  ASSERT_EQ(match.kind, RouteMatch::Kind::Found);
  EXPECT_FALSE(match.route->handler);
  ASSERT_TRUE(match.route->deferred);
  std::string body;
  Request request;
  match.route->deferred(request, [&](Response response) { body = response.body; });
  EXPECT_EQ(body, "later");
}

TEST(RouterDeathTest, ExactlyOneOfHandlerAndDeferred) {
  Router router;
  EXPECT_DEATH(router.add({Method::Get, "/neither"}), "");
  Route both{Method::Get, "/both", named("x")};
  both.deferred = [](Request&, Respond) {};
  EXPECT_DEATH(router.add(both), "");
}

}  // namespace
}  // namespace haven::http

#include "web/routes.h"

#include "web/language_switch.h"
#include "web/operator_endpoints.h"
#include "web/public_pages.h"

namespace haven::web {
namespace {

using http::Csrf;
using http::Method;

// Requests that should carry no body get a cap that still admits an empty one.
constexpr std::size_t kNoBody = 0;
constexpr std::size_t kLanguageFormBytes = 4 * 1024;

// clang-format off
constexpr RouteRow kRoutes[] = {
  // method        pattern              handler          access          CSRF              audit        max body
  {Method::Get,  "/",                 show_home,       Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/language",         switch_language, Access::Public, Csrf::Required,    Audit::None, kLanguageFormBytes},
  {Method::Get,  "/static/{path...}", serve_asset,     Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/favicon.ico",      serve_favicon,   Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/healthz",          report_health,   Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/metrics",          export_metrics,  Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/api/v1",           show_api_index,  Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
};
// clang-format on

}  // namespace

std::span<RouteRow const> route_table() { return kRoutes; }

http::Router make_router(std::shared_ptr<SiteParts const> site) {
  http::Router router;
  for (RouteRow const& row : route_table()) {
    SiteHandler handler = row.handler;
    router.add(http::Route{
        .method = row.method,
        .pattern = std::string(row.pattern),
        .handler = [site, handler](http::Request& request) { return handler(*site, request); },
        .csrf = row.csrf,
        .max_body_bytes = row.max_body_bytes,
    });
  }
  return router;
}

}  // namespace haven::web

#include "web/routes.h"

#include <cassert>

#include "web/error_response.h"
#include "web/language_switch.h"
#include "web/operator_endpoints.h"
#include "web/public_pages.h"
#include "web/sign_in_pages.h"
#include "web/staff_pages.h"
#include "web/staff_session.h"

namespace haven::web {
namespace {

using http::Csrf;
using http::Method;

// Requests that should carry no body get a cap that still admits an empty one.
constexpr std::size_t kNoBody = 0;
constexpr std::size_t kLanguageFormBytes = 4 * 1024;
// Email (254), password (up to 1,024 bytes, tripled by percent-encoding), code and token.
constexpr std::size_t kSignInFormBytes = 8 * 1024;
// Forms whose only field is the CSRF token.
constexpr std::size_t kTokenFormBytes = 1024;

// clang-format off
constexpr RouteRow kRoutes[] = {
  // method        pattern                        handler             access          CSRF               audit        max body
  {Method::Get,  "/",                           show_home,          Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/language",                   switch_language,    Access::Public, Csrf::Required,    Audit::None, kLanguageFormBytes},
  {Method::Get,  "/static/{path...}",           serve_asset,        Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/favicon.ico",                serve_favicon,      Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/healthz",                    report_health,      Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/metrics",                    export_metrics,     Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/api/v1",                     show_api_index,     Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/sign-in",                    show_sign_in,       Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/sign-in",                    sign_in,            Access::Public, Csrf::Required,    Audit::None, kSignInFormBytes},
  {Method::Post, "/sign-out",                   sign_out,           Access::Staff,  Csrf::Required,    Audit::None, kTokenFormBytes},
  {Method::Get,  "/staff",                      show_staff_home,    Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/staff/sessions",             show_own_sessions,  Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/staff/sessions/{id}/end",    end_own_session,    Access::Staff,  Csrf::Required,    Audit::None, kTokenFormBytes},
  {Method::Post, "/staff/sessions/end-others",  end_other_sessions, Access::Staff,  Csrf::Required,    Audit::None, kTokenFormBytes},
};
// clang-format on

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

// Access::Staff, in one place: the session is resolved before the handler and anyone
// without a valid one goes to /sign-in, whatever the method.
http::Response run_as_staff(SiteParts const& site, http::Request& request, StaffHandler handler) {
  if (site.sessions == nullptr) return not_found();
  auto staff = resolve_staff(site, request);
  if (!staff) {
    if (staff.error().code == ErrorCode::Unauthenticated) return send_to_sign_in(site, request);
    return respond_with_error(request, staff.error());
  }
  auto response = handler(site, request, *staff);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

}  // namespace

std::span<RouteRow const> route_table() { return kRoutes; }

http::Router make_router(std::shared_ptr<SiteParts const> site) {
  http::Router router;
  for (RouteRow const& row : route_table()) {
    http::Route route{.method = row.method,
                      .pattern = std::string(row.pattern),
                      .csrf = row.csrf,
                      .max_body_bytes = row.max_body_bytes};
    if (SiteHandler handler = row.handler.site()) {
      assert(row.access == Access::Public);
      route.handler = [site, handler](http::Request& request) { return handler(*site, request); };
    } else if (StaffHandler handler = row.handler.staff()) {
      assert(row.access == Access::Staff);
      route.handler = [site, handler](http::Request& request) {
        return run_as_staff(*site, request, handler);
      };
    } else {
      assert(row.access == Access::Public);
      route.deferred = [site, handler = row.handler.deferred()](http::Request& request,
                                                                http::Respond respond) {
        handler(site, request, std::move(respond));
      };
    }
    router.add(std::move(route));
  }
  return router;
}

}  // namespace haven::web

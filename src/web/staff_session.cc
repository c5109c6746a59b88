#include "web/staff_session.h"

#include "app/sign_in.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

std::string const& host_cookie_name() {
  static std::string const kName = "__Host-" + std::string(kSessionCookie);
  return kName;
}

}  // namespace

std::optional<std::string_view> session_cookie(SiteParts const& site,
                                               http::Request const& request) {
  auto value =
      request.cookie(site.secure_transport ? std::string_view(host_cookie_name()) : kSessionCookie);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

void set_session_cookie(SiteParts const& site, http::Response& response, std::string value) {
  response.set_cookie(
      http::Cookie{
          .name = std::string(kSessionCookie),
          .value = std::move(value),
          .path = "/",
          .max_age_seconds = std::chrono::seconds(app::kSessionLifetime).count(),
          .http_only = true,
          .same_site = http::SameSite::Strict,
      },
      site.secure_transport);
}

void expire_session_cookie(SiteParts const& site, http::Response& response) {
  response.set_cookie(
      http::Cookie{
          .name = std::string(kSessionCookie),
          .value = {},
          .path = "/",
          .max_age_seconds = 0,
          .http_only = true,
          .same_site = http::SameSite::Strict,
      },
      site.secure_transport);
}

Result<app::SignedInStaff> resolve_staff(SiteParts const& site, http::Request const& request) {
  auto cookie = session_cookie(site, request);
  if (!cookie) return make_error(ErrorCode::Unauthenticated, "no session cookie");
  return site.sessions->resolve(*cookie);
}

http::Response send_to_sign_in(SiteParts const& site, http::Request const& request) {
  auto response = http::Response::see_other("/sign-in");
  if (session_cookie(site, request)) expire_session_cookie(site, response);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

domain::Language staff_language(http::Request const& request, app::SignedInStaff const& staff) {
  return chosen_language(request).value_or(staff.language);
}

}  // namespace haven::web

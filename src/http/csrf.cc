#include "http/csrf.h"

#include "core/constant_time.h"
#include "core/hex.h"
#include "http/form.h"

namespace haven::http {

namespace {

bool is_state_changing(Method method) {
  return method == Method::Post || method == Method::Put || method == Method::Patch ||
         method == Method::Delete;
}

bool is_valid_cookie(std::string_view value) {
  return value.size() == kCsrfCookieBytes * 2 && is_lower_hex(value);
}

// The token from the X-CSRF-Token header, else from the form field "csrf".
std::optional<std::string> submitted_token(Request const& request) {
  if (auto header = request.header("X-CSRF-Token")) return std::string(*header);
  auto form = parse_form(request);
  if (!form) return std::nullopt;
  if (auto field = form->get("csrf")) return std::string(*field);
  return std::nullopt;
}

}  // namespace

CsrfGuard::CsrfGuard(bool secure_transport, std::function<std::string(std::string_view)> sign,
                     Random& random)
    : secure_transport_(secure_transport),
      cookie_name_(secure_transport ? "__Host-csrf" : "csrf"),
      sign_(std::move(sign)),
      random_(random) {}

std::optional<std::string> CsrfGuard::ensure_cookie(Request& request) const {
  auto existing = request.cookie(cookie_name_);
  if (existing && is_valid_cookie(*existing)) {
    request.csrf_token = sign_(*existing);
    return std::nullopt;
  }
  std::string value = random_hex(random_, kCsrfCookieBytes);
  request.csrf_token = sign_(value);
  Response carrier;
  carrier.set_cookie(Cookie{"csrf", value, "/", std::nullopt, true, SameSite::Strict},
                     secure_transport_);
  return std::string(*carrier.headers.get("Set-Cookie"));
}

bool CsrfGuard::allows(Request const& request, Route const& route) const {
  if (route.csrf == Csrf::NotRequired || !is_state_changing(request.method)) return true;
  // Fetch metadata: a browser says so when another site made it send this request.
  auto fetch_site = request.header("Sec-Fetch-Site");
  if (fetch_site && *fetch_site == "cross-site") return false;
  if (request.csrf_token.empty()) return false;
  auto token = submitted_token(request);
  // Constant-time: the token is a secret and an early exit would leak its prefix.
  return token && constant_time_equals(*token, request.csrf_token);
}

}  // namespace haven::http

// CSRF protection, signed double-submit (DESIGN.md §6): the client holds a random cookie,
// forms carry sign(cookie), state-changing requests must present it. Private to http/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"
#include "http/message.h"
#include "http/router.h"

namespace haven::http {

inline constexpr std::size_t kCsrfCookieBytes = 32;

class CsrfGuard {
 public:
  CsrfGuard(bool secure_transport, std::function<std::string(std::string_view)> sign,
            Random& random);

  // Sets request.csrf_token from the client's cookie. When the cookie is missing or
  // malformed, makes a new one and returns the Set-Cookie value to send.
  std::optional<std::string> ensure_cookie(Request& request) const;
  // True when `route` may run for `request`: GET/HEAD/OPTIONS and Csrf::NotRequired always;
  // otherwise not cross-site and the submitted token equals request.csrf_token.
  bool allows(Request const& request, Route const& route) const;

 private:
  bool secure_transport_;
  std::string cookie_name_;
  std::function<std::string(std::string_view)> sign_;
  Random& random_;
};

}  // namespace haven::http

// Maps a method and a decoded path to a handler, with path parameters and the per-route
// policy the server enforces before the handler runs (body cap, CSRF). web/ builds the
// one route table of the product on top of this.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/limits.h"
#include "http/message.h"

namespace haven::http {

// Required: a state-changing request must carry the token bound to the client's cookie.
// GET and HEAD never change state and are never checked.
enum class Csrf { Required, NotRequired };

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method = Method::Get;
  // Literal segments and parameters: "/staff/cases/{id}" matches one segment as `id`;
  // a final "{path...}" matches the rest of the path (one or more segments).
  std::string pattern;
  Handler handler;
  Csrf csrf = Csrf::Required;
  std::size_t max_body_bytes = limits::kMaxBodyBytes;
};

struct RouteMatch {
  enum class Kind { Found, NotFound, MethodNotAllowed };
  Kind kind = Kind::NotFound;
  Route const* route = nullptr;                             // when Found
  std::vector<std::pair<std::string, std::string>> params;  // when Found
  std::vector<Method> allowed;  // when MethodNotAllowed, for the Allow header
};

class Router {
 public:
  // Programming error (assert) for a malformed pattern or a duplicate method+pattern.
  void add(Route route);
  // HEAD matches a GET route when no HEAD route exists. Thread-safe once routes are added.
  RouteMatch match(Method method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace haven::http

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

// Runs on the connection's io thread, which serves other connections too: it must not block.
using Handler = std::function<Response(Request&)>;

// Gives a deferred route's answer. Call it exactly once, from any thread (a worker pool's),
// even before the handler has returned; the response then gets every rule a Handler's
// does. A second call is a programming error: logged and ignored. When every copy is
// destroyed uncalled (or the handler throws) the client gets a 500; an answer later than
// ServerOptions::deferred_response_timeout finds a 503 already sent and is dropped, as is
// one given after the Server is gone. Copies share one answer.
using Respond = std::function<void(Response)>;
// A route that answers later, so slow work (Argon2id) runs off the io thread. `request` is
// valid only until the handler returns: copy what the slow work needs. The connection
// reads its next request only after this answer is written.
using DeferredHandler = std::function<void(Request&, Respond)>;

struct Route {
  Method method = Method::Get;
  // Literal segments and parameters: "/staff/cases/{id}" matches one segment as `id`;
  // a final "{path...}" matches the rest of the path (one or more segments).
  std::string pattern;
  // Exactly one of `handler` and `deferred` is set. (The `{}` keep -Wextra quiet about
  // initialisers that name only one of them.)
  Handler handler{};
  Csrf csrf = Csrf::Required;
  std::size_t max_body_bytes = limits::kMaxBodyBytes;
  // Last, so that positional initialisers of the fields above stay valid.
  DeferredHandler deferred{};
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
  // Programming error (assert) for a malformed pattern, a duplicate method+pattern, or a
  // route with both or neither of `handler` and `deferred`.
  void add(Route route);
  // HEAD matches a GET route when no HEAD route exists. Thread-safe once routes are added.
  RouteMatch match(Method method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace haven::http

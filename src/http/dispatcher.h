// Turns a parsed Request into the Response to send, without knowing Beast: CSRF cookie and
// check, the handler call (exceptions become 500), server-generated errors through the
// ErrorRenderer, the empty-error-body rule and the header safety check; for deferred
// routes the same steps split around the wait for the answer. Private to http/.
#pragma once

#include <optional>
#include <string>

#include "http/csrf.h"
#include "http/deferred_reply.h"
#include "http/message.h"
#include "http/router.h"
#include "http/server.h"

namespace haven::http {

class Dispatcher {
 public:
  Dispatcher(ServerOptions const& options, Router router, ErrorRenderer render_error);

  Router const& router() const { return router_; }
  std::string new_request_id() const;

  // The full response for a fully read request and its route match. Never throws.
  // Not for a deferred route: see start_deferred().
  Response respond(Request& request, RouteMatch const& match) const;
  // For a Found match of a deferred route: the steps of respond() up to the handler, which
  // gets a Respond whose answer goes to `deliver` (a thrown exception answers 500). Returns
  // the full response to send now when the handler must not run (CSRF), else nullopt: the
  // answer then arrives through `deliver` and must go through finish(), on the thread
  // that owns `request`, with the `new_cookie` stored here. Never throws.
  std::optional<Response> start_deferred(Request& request, RouteMatch const& match,
                                         DeferredReply::Deliver deliver,
                                         std::optional<std::string>& new_cookie) const;
  // A deferred handler's answer completed as respond() completes a handler's. Never throws.
  Response finish(Response response, Request const& request,
                  std::optional<std::string> new_cookie) const;
  // A server-generated error (400, 413, 431, 501, 503, ...) for whatever of the request was
  // read. Never throws.
  Response render_error(unsigned status, Request const& request) const;

 private:
  // Route parameters and name into the request; the CSRF check.
  bool accept_route(Request& request, RouteMatch const& match) const;
  Response run_handler(Request& request, Route const& route) const;
  void run_deferred(Request& request, Route const& route, DeferredReply::Deliver deliver) const;
  // The handler's response checked for safe headers and given an error body if it has none.
  void complete(Response& response, Request const& request) const;
  // Adds the new CSRF cookie unless the response is publicly cacheable.
  static void add_cookie(Response& response, std::optional<std::string> new_cookie);

  Router router_;
  ErrorRenderer render_error_;
  CsrfGuard csrf_;
  Random& random_;
};

}  // namespace haven::http

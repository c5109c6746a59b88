// Turns a parsed Request into the Response to send, without knowing Beast: CSRF cookie and
// check, the handler call (exceptions become 500), server-generated errors through the
// ErrorRenderer, the empty-error-body rule and the header safety check. Private to http/.
#pragma once

#include <string>

#include "http/csrf.h"
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
  Response respond(Request& request, RouteMatch const& match) const;
  // A server-generated error (400, 413, 431, 501, 503, ...) for whatever of the request was
  // read. Never throws.
  Response render_error(unsigned status, Request const& request) const;

 private:
  Response run_handler(Request& request, Route const& route) const;
  // The handler's response checked for safe headers and given an error body if it has none.
  void complete(Response& response, Request const& request) const;

  Router router_;
  ErrorRenderer render_error_;
  CsrfGuard csrf_;
  Random& random_;
};

}  // namespace haven::http

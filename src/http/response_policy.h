// What the server adds to every response whatever the handler did (DESIGN.md §6): the
// security headers, Cache-Control: no-store on HTML and errors, the Date header, and the
// check that nothing the handler set can split or reframe the response. Beast-free.
#pragma once

#include <span>
#include <string_view>

#include "http/message.h"

namespace haven::http {

struct HeaderLine {
  std::string_view name;
  std::string_view value;
};

// The fixed security headers; with secure_transport also Strict-Transport-Security.
std::span<HeaderLine const> security_headers(bool secure_transport);
// True when the server must add "Cache-Control: no-store": HTML pages and errors that did
// not choose their own caching.
bool needs_no_store(Response const& response);
// True when shared caches may store the response: it must then carry no Set-Cookie.
bool is_publicly_cacheable(Response const& response);
// True unless a header name or value (or the content type) could split or reframe the
// response: CR, LF, NUL, a non-token name, or a framing header only the server may set.
bool has_safe_headers(Response const& response);
// The current time as an IMF-fixdate, formatted at most once per second per thread.
std::string_view http_date_now();

}  // namespace haven::http

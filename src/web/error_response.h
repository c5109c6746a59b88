// The one place that maps an ErrorCode to an HTTP status, and a status to what a visitor
// reads (a heading and a sentence, as catalog msgids) and what an API client gets as its
// error code. Handlers that fail with a Result call respond_with_error and return.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "http/message.h"

namespace haven::web {

// InvalidInput 400, Unauthenticated 401, PermissionDenied 403, NotFound 404, Conflict 409,
// RateLimited 429, Unavailable 503, Corruption and Internal 500.
unsigned status_for(ErrorCode code);

struct ErrorWording {
  std::string_view api_code;  // "not_found": stable, for API clients; never translated
  std::string_view title;     // msgid: the page heading and the JSON message
  std::string_view message;   // msgid: what happened and what to do
};
// Every status Haven sends has its wording; others get a generic one by class.
ErrorWording wording_for(unsigned status);
// The statuses with their own wording, for tests and for compiling the pages once.
std::span<unsigned const> statuses_with_wording();

// Logs `error` (its detail and the request id, never more) and returns a response with
// the mapped status and an EMPTY body: the server fills it in from the ErrorRenderer in the
// visitor's language, as HTML or, under /api/, as JSON. One exception: Unauthenticated
// outside /api/ is a 303 to /sign-in (a page that needs a session sends one to sign in).
http::Response respond_with_error(http::Request const& request, Error const& error);

}  // namespace haven::web

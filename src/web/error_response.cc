#include "web/error_response.h"

#include <array>

#include "core/log.h"

namespace haven::web {
namespace {

struct StatusWording {
  unsigned status;
  ErrorWording wording;
};

constexpr std::array kWordings = {
    StatusWording{400,
                  {"invalid_input", "The request could not be read",
                   "Something in the request was missing or not valid. Please go back, check "
                   "what you entered and try again."}},
    StatusWording{401,
                  {"unauthenticated", "Please sign in", "You need to sign in to see this page."}},
    StatusWording{403,
                  {"permission_denied", "This action was blocked",
                   "The form may have expired, or your browser did not send the check we need. "
                   "Go back, reload the page and try again. Cookies must be allowed for this "
                   "site."}},
    StatusWording{404,
                  {"not_found", "Page not found",
                   "There is no page at this address. The link may be wrong or the page may have "
                   "moved."}},
    StatusWording{405,
                  {"method_not_allowed", "This action is not possible here",
                   "This address does not accept this kind of request. Please use the links and "
                   "buttons on the site."}},
    StatusWording{409,
                  {"conflict", "The change could not be saved",
                   "Someone else changed the same thing at the same time. Reload the page and "
                   "try again."}},
    StatusWording{413,
                  {"payload_too_large", "Too much data",
                   "What you sent is larger than we can accept. Please send less, for example "
                   "fewer or smaller files."}},
    StatusWording{
        429, {"rate_limited", "Too many requests", "Please wait a few minutes and try again."}},
    StatusWording{431,
                  {"header_too_large", "The request was too large",
                   "Your browser sent too much additional data. Delete the cookies for this site "
                   "and try again."}},
    StatusWording{500,
                  {"internal", "Something went wrong",
                   "An error happened on our side. It is not your fault. Please try again "
                   "later."}},
    StatusWording{503,
                  {"unavailable", "Temporarily unavailable",
                   "The service is not available right now. Please try again in a few minutes."}},
};

constexpr std::array<unsigned, kWordings.size()> kStatuses = [] {
  std::array<unsigned, kWordings.size()> out{};
  for (std::size_t i = 0; i < kWordings.size(); ++i) out[i] = kWordings[i].status;
  return out;
}();

constexpr ErrorWording kOtherClientError = {
    "bad_request", "The request could not be handled",
    "Please go back and try again. If it happens again, try later."};

}  // namespace

unsigned status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput:
      return 400;
    case ErrorCode::Unauthenticated:
      return 401;
    case ErrorCode::PermissionDenied:
      return 403;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::Conflict:
      return 409;
    case ErrorCode::RateLimited:
      return 429;
    case ErrorCode::Unavailable:
      return 503;
    case ErrorCode::Corruption:
      return 500;
    case ErrorCode::Internal:
      return 500;
  }
  return 500;
}

ErrorWording wording_for(unsigned status) {
  for (auto const& row : kWordings) {
    if (row.status == status) return row.wording;
  }
  if (status >= 500) return wording_for(500);
  return kOtherClientError;
}

std::span<unsigned const> statuses_with_wording() { return kStatuses; }

http::Response respond_with_error(http::Request const& request, Error const& error) {
  unsigned status = status_for(error.code);
  auto level = status >= 500 ? log::Level::Error : log::Level::Info;
  log::write(level, "request_failed",
             {{"request_id", request.request_id},
              {"route", request.route_name},
              {"code", std::string(to_string(error.code))},
              {"detail", error.detail}});
  // A page that needs a session sends the visitor to sign in rather than to a dead end.
  if (error.code == ErrorCode::Unauthenticated && !request.is_api()) {
    auto response = http::Response::see_other("/sign-in");
    response.headers.set("Cache-Control", "no-store");
    return response;
  }
  http::Response response;
  response.status = status;
  response.body.clear();
  return response;
}

}  // namespace haven::web

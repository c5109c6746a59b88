#include "core/result.h"

namespace haven {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput:
      return "invalid_input";
    case ErrorCode::NotFound:
      return "not_found";
    case ErrorCode::PermissionDenied:
      return "permission_denied";
    case ErrorCode::Unauthenticated:
      return "unauthenticated";
    case ErrorCode::Conflict:
      return "conflict";
    case ErrorCode::RateLimited:
      return "rate_limited";
    case ErrorCode::Unavailable:
      return "unavailable";
    case ErrorCode::Corruption:
      return "corruption";
    case ErrorCode::Internal:
      return "internal";
  }
  return "internal";
}

}  // namespace haven

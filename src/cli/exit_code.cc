#include "cli/exit_code.h"

#include <cstdio>

namespace haven::cli {

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput:
      return kExitUsage;
    case ErrorCode::NotFound:
      return 66;  // EX_NOINPUT
    case ErrorCode::PermissionDenied:
      return 77;  // EX_NOPERM
    case ErrorCode::Unauthenticated:
      return 77;
    case ErrorCode::Conflict:
      return 73;  // EX_CANTCREAT
    case ErrorCode::RateLimited:
      return 75;  // EX_TEMPFAIL
    case ErrorCode::Unavailable:
      return 69;  // EX_UNAVAILABLE
    case ErrorCode::Corruption:
      return 65;  // EX_DATAERR
    case ErrorCode::Internal:
      return 70;  // EX_SOFTWARE
  }
  return 70;
}

int report_failure(Error const& error) {
  std::fprintf(stderr, "haven: %s\n", error.detail.c_str());
  return exit_code_for(error.code);
}

}  // namespace haven::cli

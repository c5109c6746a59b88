// The one place that turns an Error into a process exit code and a message on stderr.
// Codes follow sysexits.h so scripts can tell a usage error from an unavailable resource.
#pragma once

#include "core/result.h"

namespace haven::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 64;  // EX_USAGE: bad arguments

int exit_code_for(ErrorCode code);
// Prints "haven: <detail>" to stderr and returns exit_code_for(error.code).
int report_failure(Error const& error);

}  // namespace haven::cli

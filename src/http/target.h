// The request target as handlers may trust it: origin-form only, the path strictly
// percent-decoded with no "."/".." segment, NUL, backslash or encoded slash, the query
// decoded into pairs. Everything else is InvalidInput (400). Private to http/.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace haven::http {

struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};

Result<Target> parse_target(std::string_view target);

}  // namespace haven::http

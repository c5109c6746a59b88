// multipart/form-data (RFC 7578) bodies: parts split on the boundary, per-part headers with
// a size cap, Content-Disposition name/filename/filename*, per-part Content-Type.
// Private to http/; callers use parse_form().
#pragma once

#include <string_view>

#include "core/result.h"
#include "http/form.h"

namespace haven::http {

inline constexpr std::size_t kMaxPartHeaderBytes = 8 * 1024;

// InvalidInput with a detail naming the defect: bad boundary, no closing boundary, a part
// without a name, too many parts, headers too long, a field that is not UTF-8.
Result<Form> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace haven::http

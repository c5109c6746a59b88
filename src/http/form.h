// Form bodies: application/x-www-form-urlencoded and multipart/form-data, with limits on
// field count, part count and sizes. Values are UTF-8 checked; bad input is InvalidInput.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace haven::http {

struct UploadedFile {
  std::string field;
  std::string filename;  // as sent, for display only; never used as a path
  std::string content_type;
  std::string content;
};

struct Form {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<UploadedFile> files;
  // The first value of `name`, if any.
  std::optional<std::string_view> get(std::string_view name) const;
};

// Chooses the parser by the request's Content-Type. InvalidInput for another type, a
// malformed body, invalid UTF-8 in a field, or more than limits::kMaxFormFields fields or
// limits::kMaxMultipartParts parts. The body size itself was capped by the server.
Result<Form> parse_form(Request const& request);
// Percent-decoding of one urlencoded component ('+' is a space); nullopt if malformed.
std::optional<std::string> decode_form_component(std::string_view text);

}  // namespace haven::http

// Parsing of Content-Type-like header values: "type/subtype; name=value; name="quoted"".
// Also used for a multipart part's Content-Disposition. Private to http/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haven::http {

struct MediaType {
  std::string value;  // lower-cased "type/subtype" (or "form-data" for a disposition)
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, unquoted
  std::optional<std::string_view> param(std::string_view name) const;
};

// nullopt for a malformed value (unterminated quote, parameter without '=', ...).
std::optional<MediaType> parse_media_type(std::string_view text);

}  // namespace haven::http

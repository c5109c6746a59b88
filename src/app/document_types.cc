#include "app/document_types.h"

#include <magic.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace haven::app {

namespace {

// MAGIC_MIME_TYPE: the media type only. No MAGIC_COMPRESS: a compressed file is an archive
// and refused as one, never unpacked here. MAGIC_ERROR: errors as errors, not as types.
constexpr int kFlags = MAGIC_MIME_TYPE | MAGIC_ERROR;

}  // namespace

Result<std::unique_ptr<DocumentTypes>> DocumentTypes::load() {
  magic_t cookie = magic_open(kFlags);
  if (cookie == nullptr) return make_error(ErrorCode::Unavailable, "libmagic did not start");
  if (magic_load(cookie, nullptr) != 0) {
    std::string why = magic_error(cookie) ? magic_error(cookie) : "unknown";
    magic_close(cookie);
    return make_error(ErrorCode::Unavailable, "libmagic's database did not load: " + why);
  }
  return std::unique_ptr<DocumentTypes>(new DocumentTypes(cookie));
}

DocumentTypes::~DocumentTypes() { magic_close(static_cast<magic_t>(cookie_)); }

Result<std::string> DocumentTypes::detect(std::span<std::uint8_t const> content) const {
  std::lock_guard lock(mutex_);
  auto cookie = static_cast<magic_t>(cookie_);
  char const* found = magic_buffer(cookie, content.data(), content.size());
  if (found == nullptr) {
    std::string why = magic_error(cookie) ? magic_error(cookie) : "unknown";
    return make_error(ErrorCode::Internal, "libmagic could not read the file: " + why);
  }
  std::string type(found);
  if (auto semicolon = type.find(';'); semicolon != std::string::npos) type.resize(semicolon);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

}  // namespace haven::app

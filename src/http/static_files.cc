#include "http/static_files.h"

#include <cstdint>
#include <cstdio>

namespace haven::http {

namespace {

struct TypeByExtension {
  std::string_view extension;
  std::string_view content_type;
};

constexpr TypeByExtension kTypes[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/vnd.microsoft.icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".woff2", "font/woff2"},
    {".json", "application/json"},
    {".html", "text/html; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

std::string content_type_for(std::string_view name) {
  for (auto const& type : kTypes) {
    if (name.ends_with(type.extension)) return std::string(type.content_type);
  }
  return "application/octet-stream";
}

// FNV-1a, 64 bits: stable across builds and runs, so ETags survive restarts.
std::uint64_t hash_content(std::string_view content) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// If-None-Match uses the weak comparison (RFC 9110 §13.1.2): "W/" is ignored.
bool matches_if_none_match(std::string_view header, std::string_view quoted_etag) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto tag = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == quoted_etag) return true;
  }
  return false;
}

}  // namespace

void StaticFiles::add(std::string name, std::string content) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash_content(content)));
  Asset asset{std::move(content), content_type_for(name), hex};
  assets_.insert_or_assign(std::move(name), std::move(asset));
}

Response StaticFiles::serve(Request const& request, std::string_view name) const {
  Response response;
  auto found = assets_.find(name);
  if (found == assets_.end()) {
    response.status = 404;  // empty body: the server renders the error page
    return response;
  }
  auto const& asset = found->second;
  std::string quoted = "\"" + asset.etag + "\"";
  response.content_type = asset.content_type;
  bool versioned = request.query_value("v") == std::string_view(asset.etag);
  response.headers.add("Cache-Control",
                       versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  response.headers.add("ETag", quoted);
  auto if_none_match = request.header("If-None-Match");
  if (if_none_match && matches_if_none_match(*if_none_match, quoted)) {
    response.status = 304;
    return response;
  }
  // HEAD: the server sends the length of this body but not the body itself.
  response.body = asset.content;
  return response;
}

std::string StaticFiles::etag(std::string_view name) const {
  auto found = assets_.find(name);
  return found == assets_.end() ? std::string() : found->second.etag;
}

}  // namespace haven::http

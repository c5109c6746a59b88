// Static assets served from memory (they are embedded in the binary or read once at
// start-up), with a strong ETag, If-None-Match → 304 and caching headers. Nothing is ever
// read from disk per request, so no path can escape.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "http/message.h"

namespace haven::http {

class StaticFiles {
 public:
  // `name` is the path below the mount point ("haven.css"); content type from the extension.
  void add(std::string name, std::string content);
  // 200 with the asset, 304 when If-None-Match matches, 404 (for the error renderer)
  // when there is no such asset. HEAD gets the headers only.
  Response serve(Request const& request, std::string_view name) const;
  // The asset's ETag, for cache-busting links ("/static/haven.css?v=…"); empty if absent.
  std::string etag(std::string_view name) const;

 private:
  struct Asset {
    std::string content;
    std::string content_type;
    std::string etag;
  };
  std::map<std::string, Asset, std::less<>> assets_;
};

}  // namespace haven::http

// The request and response as handlers see them: decoded, size-checked, independent of
// Boost.Beast so that web/ never includes it. The server converts to and from Beast.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haven::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options };

std::string_view to_string(Method method);

// Header names compare case-insensitively; values are kept as received.
class Headers {
 public:
  void add(std::string name, std::string value);
  // Replaces every header of that name.
  void set(std::string name, std::string value);
  std::optional<std::string_view> get(std::string_view name) const;
  std::vector<std::pair<std::string, std::string>> const& all() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  Method method = Method::Get;
  std::string target;  // as received, for nothing but debugging; never logged
  std::string path;    // percent-decoded, normalised; never holds a "." or ".." segment
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::string request_id;  // random, also in the X-Request-Id response header and the log
  std::map<std::string, std::string, std::less<>> params;  // path parameters of the route
  std::string csrf_token;  // token to embed in forms on the page this request renders
  std::string route_name;  // the matched route's pattern, for metrics and logs
  // Opaque, per process, the same for every request from one peer address (ServerOptions::
  // client_key); empty when unset. Never the address: never log or store it anyway.
  std::string client_key;

  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> cookie(std::string_view name) const;
  std::optional<std::string_view> query_value(std::string_view name) const;
  // The path parameter `name`; empty if the route has none of that name.
  std::string_view param(std::string_view name) const;
  bool is_api() const { return path == "/api" || path.starts_with("/api/"); }
};

enum class SameSite { Strict, Lax };

struct Cookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::optional<std::int64_t> max_age_seconds;  // nullopt: a session cookie
  bool http_only = true;
  SameSite same_site = SameSite::Strict;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "text/html; charset=utf-8";
  Headers headers;  // every value is checked for CR/LF before it is sent
  std::string body;

  static Response html(std::string body, unsigned status = 200);
  static Response text(std::string body, unsigned status = 200);
  static Response json(std::string body, unsigned status = 200);
  // 303 See Other to a local path ("/..."), never an absolute external URL.
  static Response see_other(std::string location);

  // Adds a Set-Cookie header (HttpOnly/SameSite as given; Secure and the __Host- prefix
  // when secure_transport and Path=/). Throws std::invalid_argument when the name is not
  // a token or the value/path has characters outside RFC 6265 cookie-octets: that is a
  // bug in the caller, and the server answers 500 instead of sending a forged attribute.
  void set_cookie(Cookie const& cookie, bool secure_transport);
};

}  // namespace haven::http

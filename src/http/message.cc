#include "http/message.h"

#include <stdexcept>

#include "core/log.h"
#include "http/wire_check.h"

namespace haven::http {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x |= 0x20;
    if (y >= 'A' && y <= 'Z') y |= 0x20;
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Finds `name` in one Cookie header value ("a=1; b=2"); RFC 6265 §5.4 serialisation.
std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto end = header.find(';');
    auto pair = trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) != name) continue;
    auto value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

// A local path: one leading slash, not "//" or "/\" (which browsers treat as another host).
bool is_local_path(std::string_view location) {
  if (location.empty() || location.front() != '/') return false;
  if (location.size() > 1 && (location[1] == '/' || location[1] == '\\')) return false;
  return true;
}

}  // namespace

std::string_view to_string(Method method) {
  switch (method) {
    case Method::Get:
      return "GET";
    case Method::Head:
      return "HEAD";
    case Method::Post:
      return "POST";
    case Method::Put:
      return "PUT";
    case Method::Patch:
      return "PATCH";
    case Method::Delete:
      return "DELETE";
    case Method::Options:
      return "OPTIONS";
  }
  return "GET";
}

void Headers::add(std::string name, std::string value) {
  items_.emplace_back(std::move(name), std::move(value));
}

void Headers::set(std::string name, std::string value) {
  std::erase_if(items_, [&](auto const& item) { return iequals(item.first, name); });
  items_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (auto const& [key, value] : items_) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  return headers.get(name);
}

std::optional<std::string_view> Request::cookie(std::string_view name) const {
  for (auto const& [key, value] : headers.all()) {
    if (!iequals(key, "cookie")) continue;
    if (auto found = find_cookie(value, name)) return found;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::query_value(std::string_view name) const {
  for (auto const& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Request::param(std::string_view name) const {
  auto found = params.find(name);
  if (found == params.end()) return {};
  return found->second;
}

Response Response::html(std::string body, unsigned status) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response Response::text(std::string body, unsigned status) {
  Response response = html(std::move(body), status);
  response.content_type = "text/plain; charset=utf-8";
  return response;
}

Response Response::json(std::string body, unsigned status) {
  Response response = html(std::move(body), status);
  response.content_type = "application/json";
  return response;
}

Response Response::see_other(std::string location) {
  Response response;
  response.status = 303;
  // Never an open redirect: anything but a local path goes to the front page.
  if (!is_local_path(location)) {
    log::warn("http_redirect_not_local");
    location.assign(1, '/');  // not `= "/"`: g++ 12 -O3 warns falsely (-Wrestrict, PR 105329)
  }
  response.headers.set("Location", std::move(location));
  return response;
}

void Response::set_cookie(Cookie const& cookie, bool secure_transport) {
  // A cookie name or value that would inject attributes is a bug in the caller; the server
  // turns the exception into a 500 rather than send a forged attribute.
  if (!is_valid_header_name(cookie.name) || !is_valid_cookie_value(cookie.value) ||
      !is_valid_cookie_value(cookie.path)) {
    throw std::invalid_argument("set_cookie: invalid cookie name, value or path");
  }
  std::string line;
  line.reserve(cookie.name.size() + cookie.value.size() + 96);
  // __Host- binds the cookie to this host over TLS with Path=/ (RFC 6265bis §4.1.3.2).
  if (secure_transport && cookie.path == "/") line += "__Host-";
  line += cookie.name;
  line += '=';
  line += cookie.value;
  line += "; Path=";
  line += cookie.path;
  if (cookie.max_age_seconds) line += "; Max-Age=" + std::to_string(*cookie.max_age_seconds);
  if (secure_transport) line += "; Secure";
  if (cookie.http_only) line += "; HttpOnly";
  line += cookie.same_site == SameSite::Strict ? "; SameSite=Strict" : "; SameSite=Lax";
  headers.add("Set-Cookie", std::move(line));
}

}  // namespace haven::http

#include "http/response_policy.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "http/wire_check.h"

namespace haven::http {

namespace {

constexpr std::string_view kStrictTransportSecurity = "max-age=31536000";

// Beast 1.74 would write no Server header unless asked; none is added (no version banner).
constexpr std::array<HeaderLine, 7> kSecurityHeaders{{
    {"Content-Security-Policy",
     "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     "frame-ancestors 'none'; base-uri 'none'"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Content-Type-Options", "nosniff"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
    {"Strict-Transport-Security", kStrictTransportSecurity},
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

// Framing and connection management belong to the server alone: a handler that sets one
// of these could smuggle a second response into the stream.
bool is_reserved_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, "Upgrade") || iequals(name, "Trailer");
}

}  // namespace

std::span<HeaderLine const> security_headers(bool secure_transport) {
  std::span<HeaderLine const> all(kSecurityHeaders);
  return secure_transport ? all : all.first(all.size() - 1);
}

bool needs_no_store(Response const& response) {
  if (response.headers.get("Cache-Control")) return false;
  return response.status >= 400 || response.content_type.starts_with("text/html");
}

bool is_publicly_cacheable(Response const& response) {
  auto cache_control = response.headers.get("Cache-Control");
  return cache_control && cache_control->find("public") != std::string_view::npos;
}

bool has_safe_headers(Response const& response) {
  if (!is_valid_header_value(response.content_type)) return false;
  for (auto const& [name, value] : response.headers.all()) {
    if (!is_valid_header_name(name) || !is_valid_header_value(value)) return false;
    if (is_reserved_header(name)) return false;
  }
  return true;
}

std::string_view http_date_now() {
  thread_local std::time_t cached_second = 0;
  thread_local std::array<char, 40> text{};
  thread_local std::size_t length = 0;
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != cached_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    // Names spelled out: strftime's %a/%b would follow whatever C locale is installed.
    static constexpr char const* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr char const* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int written = std::snprintf(text.data(), text.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[utc.tm_wday], utc.tm_mday, kMonths[utc.tm_mon],
                                utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    length = written > 0 ? static_cast<std::size_t>(written) : 0;
    cached_second = now;
  }
  return {text.data(), length};
}

}  // namespace haven::http

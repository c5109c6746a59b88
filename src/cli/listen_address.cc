#include "cli/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace haven::cli {

namespace {

Error invalid(std::string_view text, std::string_view why) {
  return make_error(ErrorCode::InvalidInput,
                    "invalid listen address '" + std::string(text) + "': " + std::string(why) +
                        " (expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)");
}

bool is_ip_literal(std::string const& host, bool v6) {
  unsigned char buffer[16];
  return inet_pton(v6 ? AF_INET6 : AF_INET, host.c_str(), buffer) == 1;
}

}  // namespace

Result<ListenAddress> parse_listen_address(std::string_view text) {
  if (text.empty() || text.size() > 64) return invalid(text.substr(0, 64), "wrong length");
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return invalid(text, "no port");
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  bool v6 = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (v6) host = host.substr(1, host.size() - 2);
  ListenAddress address{std::string(host), 0};
  if (!is_ip_literal(address.host, v6)) return invalid(text, "host is not an IP address");
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return invalid(text, "port must be a number from 0 to 65535");
  }
  address.port = static_cast<std::uint16_t>(port);
  return address;
}

}  // namespace haven::cli

// The address `haven serve` listens on, as given by --listen or haven.toml: "HOST:PORT",
// "[IPv6]:PORT". Haven itself never resolves names here: a literal address only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace haven::cli {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// InvalidInput with a message naming the problem for anything but HOST:PORT with a port
// from 0 to 65535 and a literal IPv4 or bracketed IPv6 host.
Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace haven::cli

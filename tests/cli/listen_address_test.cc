#include "cli/listen_address.h"

#include <gtest/gtest.h>

namespace haven::cli {
namespace {

TEST(ListenAddress, ParsesLiteralAddresses) {
  struct Row {
    std::string_view text;
    bool valid;
    std::string_view host;
    std::uint16_t port;
  };
  Row const rows[] = {
      {"127.0.0.1:8080", true, "127.0.0.1", 8080},
      {"127.0.0.1:0", true, "127.0.0.1", 0},
      {"[::1]:443", true, "::1", 443},
      {"0.0.0.0:65535", true, "0.0.0.0", 65535},
      {"127.0.0.1:65536", false, "", 0},
      {"127.0.0.1:-1", false, "", 0},
      {"127.0.0.1:80x", false, "", 0},
      {"127.0.0.1:", false, "", 0},
      {"127.0.0.1", false, "", 0},
      {"localhost:8080", false, "", 0},  // names are never resolved
      {"::1:8080", false, "", 0},        // IPv6 needs brackets
      {"", false, "", 0},
      {":8080", false, "", 0},
      {"127.0.0.1:8080\r\n", false, "", 0},
  };
  for (auto const& row : rows) {
    auto parsed = parse_listen_address(row.text);
    ASSERT_EQ(parsed.ok(), row.valid) << row.text;
    if (row.valid) {
      EXPECT_EQ(parsed->host, row.host);
      EXPECT_EQ(parsed->port, row.port);
    } else {
      EXPECT_EQ(parsed.error().code, ErrorCode::InvalidInput);
      EXPECT_NE(parsed.error().detail.find("expected HOST:PORT"), std::string::npos);
    }
  }
}

TEST(ListenAddress, RejectsHugeInputWithoutEchoingIt) {
  std::string huge(100000, '1');
  auto parsed = parse_listen_address(huge);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.error().detail.size(), 300u);
}

}  // namespace
}  // namespace haven::cli

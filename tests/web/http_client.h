// A minimal blocking HTTP/1.1 client for the server tests: one request per connection
// ("Connection: close"), raw bytes out, status/headers/body back. Enough for loopback tests.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace haven::testing {

struct ClientResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string header(std::string const& name) const {
    for (auto const& [key, value] : headers) {
      if (key == name) return value;
    }
    return {};
  }
};

inline std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

// Sends `head` (request line and headers, without the final empty line) and `body`.
inline ClientResponse send_request(std::uint16_t port, std::string head, std::string body = {}) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("connect");
  }
  head += "\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!body.empty()) head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  std::string wire = head + "\r\n" + body;
  for (std::size_t sent = 0; sent < wire.size();) {
    auto n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buffer[16 * 1024];
  while (true) {
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    raw.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);

  ClientResponse response;
  auto end_of_head = raw.find("\r\n\r\n");
  if (end_of_head == std::string::npos || raw.size() < 12) {
    throw std::runtime_error("no response");
  }
  response.status = static_cast<unsigned>(std::stoi(raw.substr(9, 3)));
  std::size_t line_start = raw.find("\r\n") + 2;
  while (line_start < end_of_head) {
    std::size_t line_end = raw.find("\r\n", line_start);
    std::string line = raw.substr(line_start, line_end - line_start);
    auto colon = line.find(':');
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.headers.emplace_back(lower(line.substr(0, colon)), value);
    line_start = line_end + 2;
  }
  response.body = raw.substr(end_of_head + 4);
  return response;
}

}  // namespace haven::testing

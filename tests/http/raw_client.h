// A raw HTTP/1.1 client over POSIX sockets for the server tests: sends exactly the bytes a
// test wants and parses what comes back, every wait bounded by a timeout.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haven::http::testing {

using namespace std::chrono_literals;

struct RawResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const {
    for (auto const& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < key.size(); ++i) same &= (key[i] | 0x20) == (name[i] | 0x20);
      if (same) return value;
    }
    return std::nullopt;
  }
  std::size_t count(std::string_view name) const {
    std::size_t n = 0;
    for (auto const& [key, value] : headers) {
      std::string lower;
      for (char c : key) lower.push_back(static_cast<char>(c | 0x20));
      std::string want;
      for (char c : name) want.push_back(static_cast<char>(c | 0x20));
      n += lower == want;
    }
    return n;
  }
};

// Raises the soft RLIMIT_NOFILE to the hard limit (the idle-connection test needs ~2,000).
inline void raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

class RawClient {
 public:
  explicit RawClient(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    int one = 1;
    if (fd_ >= 0) ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(RawClient&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  RawClient(RawClient const&) = delete;
  RawClient& operator=(RawClient const&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // One response; nullopt if the connection closed or the timeout passed first.
  std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = 5s,
                                           bool head = false) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) return std::nullopt;
    }
    RawResponse response;
    std::string_view head_text(pending_.data(), end);
    if (!parse_head(head_text, response)) return std::nullopt;
    pending_.erase(0, end + 4);
    std::size_t length = 0;
    bool bodyless =
        head || response.status == 304 || response.status == 204 || response.status < 200;
    if (!bodyless) {
      if (auto value = response.header("Content-Length")) length = std::stoul(*value);
    }
    while (pending_.size() < length) {
      if (!fill(deadline)) return std::nullopt;
    }
    response.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return response;
  }

  // True once the peer has closed (EOF or reset) within `timeout`; data is discarded.
  bool wait_closed(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int wait = remaining_ms(deadline);
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, wait) <= 0) continue;
      char buffer[4096];
      auto got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) return true;
    }
    return false;
  }

  // Everything until the peer closes (or the timeout).
  std::string read_all(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (fill(deadline)) {
    }
    return std::exchange(pending_, {});
  }

 private:
  static int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
  }

  bool fill(std::chrono::steady_clock::time_point deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
    char buffer[16384];
    auto got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got <= 0) return false;
    pending_.append(buffer, static_cast<std::size_t>(got));
    return true;
  }

  static bool parse_head(std::string_view text, RawResponse& response) {
    auto line_end = text.find("\r\n");
    auto status_line = text.substr(0, line_end);
    if (!status_line.starts_with("HTTP/1.1 ") || status_line.size() < 12) return false;
    response.status = static_cast<unsigned>(std::stoul(std::string(status_line.substr(9, 3))));
    text = line_end == std::string_view::npos ? std::string_view{} : text.substr(line_end + 2);
    while (!text.empty()) {
      auto end = text.find("\r\n");
      auto line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) return false;
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    return true;
  }

  int fd_ = -1;
  std::string pending_;
};

}  // namespace haven::http::testing

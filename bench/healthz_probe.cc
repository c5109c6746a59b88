// healthz_probe: the latency of one loopback URL as each request saw it. CONNECTIONS keep-alive
// HTTP/1.1 connections, one thread each, send GET PATH in a closed loop for SECONDS; every
// answered request's own send-to-last-byte time is recorded, nothing is added. wrk 4.1 adds
// synthetic samples after a slow request (coordinated-omission correction), so its latency
// figures are not per-request ones (bench/README.md, `run-sign-in`).
//
// Usage: healthz_probe HOST:PORT SECONDS CONNECTIONS [PATH [HEADER]]
//   HOST is 127.0.0.1 or ::1 (written [::1]:PORT or ::1:PORT); PATH defaults to /healthz.
//   HEADER is one more request header, "Name: value" (bench/run-cases sends the session's
//   Cookie so signed-in pages are timed the same way).
// Prints one line on stdout, nothing on stderr unless something failed:
//   requests=N seconds=S req_per_s=R p50_ms=.. p99_ms=.. p999_ms=.. max_ms=.. errors=E
//   busy_fraction=F
// requests counts 200 answers (only those are timed); seconds is the wall time of the run;
// busy_fraction = sum of latencies / (CONNECTIONS x seconds), at most 1 when the figures are
// real. Exit 0; 1 when a request failed (a status other than 200, a closed connection, no
// answer within 10 s, a response the probe cannot frame) or the self-check failed; 2 on usage.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;  // CLOCK_MONOTONIC: immune to clock adjustments

constexpr std::chrono::seconds kReplyTimeout{10};  // one request, send to last byte
constexpr std::chrono::seconds kSocketTimeout{1};  // one send/recv/connect; the loops re-check
constexpr std::size_t kMaxHeadBytes = 16 * 1024;   // haven's own limit (http/limits.h)
constexpr std::uint64_t kMaxBodyBytes = 64ull * 1024 * 1024;
constexpr std::uint64_t kMaxErrorsPerConnection = 100;  // then that connection gives up
constexpr int kMaxConnections = 64;
constexpr double kMaxSeconds = 3600;

// Log-linear buckets, as in HdrHistogram: exact below 1,024 ns, then 512 buckets per power of
// two, so every reported figure is at most 0.2 % above the true one; 16 k counters (128 KiB)
// cover up to 2^40 ns, far beyond kReplyTimeout. The sum and the maximum are exact.
class Histogram {
 public:
  void record(std::uint64_t ns) {
    ++counts_[index_of(std::min(ns, kLargest))];
    ++count_;
    sum_ns_ += ns;
    max_ns_ = std::max(max_ns_, ns);
  }
  void merge(Histogram const& other) {
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
    count_ += other.count_;
    sum_ns_ += other.sum_ns_;
    max_ns_ = std::max(max_ns_, other.max_ns_);
  }
  std::uint64_t count() const { return count_; }
  std::uint64_t sum_ns() const { return sum_ns_; }
  std::uint64_t max_ns() const { return max_ns_; }
  // Nearest rank: the smallest value that at least q of the samples do not exceed (the
  // highest value of its bucket, never above the maximum). 0 when there are no samples.
  std::uint64_t percentile_ns(double q) const {
    if (count_ == 0) return 0;
    auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * count_)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return std::min(highest_of(i), max_ns_);
    }
    return max_ns_;
  }

 private:
  static constexpr int kSubBits = 10;
  static constexpr std::uint64_t kSub = 1u << kSubBits;
  static constexpr std::uint64_t kHalf = kSub / 2;
  static constexpr int kTopBits = 40;
  static constexpr std::uint64_t kLargest = (std::uint64_t{1} << kTopBits) - 1;
  static constexpr std::size_t kBuckets = kSub + (kTopBits - kSubBits) * kHalf;

  static std::size_t index_of(std::uint64_t v) {
    if (v < kSub) return v;
    int shift = std::bit_width(v) - kSubBits;  // >= 1: v >> shift is in [kHalf, kSub)
    return kSub + (shift - 1) * kHalf + ((v >> shift) - kHalf);
  }
  static std::uint64_t highest_of(std::size_t i) {
    if (i < kSub) return i;
    std::uint64_t shift = (i - kSub) / kHalf + 1;
    std::uint64_t top = (i - kSub) % kHalf + kHalf;
    return ((top + 1) << shift) - 1;
  }

  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(kBuckets);
  std::uint64_t count_ = 0;
  std::uint64_t sum_ns_ = 0;
  std::uint64_t max_ns_ = 0;
};

struct Target {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string authority;  // the Host header: 127.0.0.1:PORT or [::1]:PORT
};

std::nullopt_t refuse(std::string& why, char const* reason) {
  why = reason;
  return std::nullopt;
}

// HOST:PORT with HOST exactly 127.0.0.1 or ::1: this tool only ever touches loopback.
std::optional<Target> parse_target(std::string_view text, std::string& why) {
  std::string_view host, port;
  if (text.starts_with('[')) {
    auto close = text.find("]:");
    if (close == text.npos) return refuse(why, "expected [::1]:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == text.npos) return refuse(why, "expected HOST:PORT");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned number = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec != std::errc{} || end != port.data() + port.size() || number == 0 || number > 65535) {
    return refuse(why, "PORT must be 1 to 65535");
  }
  Target target;
  if (host == "127.0.0.1") {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&target.address);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(number));
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    target.length = sizeof(sockaddr_in);
    target.authority = "127.0.0.1:" + std::string(port);
  } else if (host == "::1") {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&target.address);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(number));
    v6->sin6_addr = in6addr_loopback;
    target.length = sizeof(sockaddr_in6);
    target.authority = "[::1]:" + std::string(port);
  } else {
    return refuse(why, "HOST must be 127.0.0.1 or ::1: only loopback is probed");
  }
  return target;
}

// A connected keep-alive socket, or -1 with the reason in `why`.
int connect_to(Target const& target, std::string& why) {
  int fd = socket(target.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    why = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  // Timeouts bound every connect/send/recv; no Nagle delay on our small requests.
  timeval timeout{static_cast<time_t>(kSocketTimeout.count()), 0};
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, reinterpret_cast<sockaddr const*>(&target.address), target.length) != 0) {
    why = std::string("cannot connect to ") + target.authority + ": " + std::strerror(errno);
    close(fd);
    return -1;
  }
  return fd;
}

enum class Outcome { Ok, BadStatus, Broken };  // Broken: the connection cannot be reused

struct Reply {
  Outcome outcome = Outcome::Ok;
  std::string why;  // status code, errno text or framing fault; never response content
};

Reply broken(std::string why) { return {Outcome::Broken, std::move(why)}; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);  // header names are ASCII letters, digits and '-'
         });
}

struct Head {
  int status = 0;
  std::optional<std::uint64_t> content_length;
  bool closes = false;   // Connection: close
  bool chunked = false;  // any Transfer-Encoding; haven sends Content-Length
};

// The status line and the headers that frame the body (RFC 9112 §6.3), or nullopt.
std::optional<Head> parse_head(std::string_view head) {
  Head parsed;
  auto line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || status_line[8] != ' ') {
    return std::nullopt;
  }
  auto [end, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, parsed.status);
  if (ec != std::errc{} || end != status_line.data() + 12) return std::nullopt;
  // Each pass consumes one header line, so the loop ends within head.size() passes.
  while (line_end != head.npos) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line =
        head.substr(start, line_end == head.npos ? head.npos : line_end - start);
    auto colon = line.find(':');
    if (colon == line.npos) return std::nullopt;
    std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (equals_ignoring_case(name, "content-length")) {
      std::uint64_t length = 0;
      auto [e, code] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (code != std::errc{} || e != value.data() + value.size()) return std::nullopt;
      if (parsed.content_length && *parsed.content_length != length) return std::nullopt;
      parsed.content_length = length;
    } else if (equals_ignoring_case(name, "transfer-encoding")) {
      parsed.chunked = true;
    } else if (equals_ignoring_case(name, "connection") && equals_ignoring_case(value, "close")) {
      parsed.closes = true;
    }
  }
  return parsed;
}

// Bytes received into buf (at least one), or 0 with `why` set: the connection was closed or
// reset, or nothing came by `deadline`.
std::size_t receive(int fd, char* buf, std::size_t size, Clock::time_point deadline,
                    std::string& why) {
  // Each pass either returns or waits up to kSocketTimeout, so it ends by deadline + that.
  while (true) {
    ssize_t got = recv(fd, buf, size, 0);
    if (got > 0) return static_cast<std::size_t>(got);
    if (got == 0) {
      why = "connection closed by the server";
      return 0;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      why = std::string("recv: ") + std::strerror(errno);
      return 0;
    }
    if (Clock::now() >= deadline) {
      why = "no answer within 10 s";
      return 0;
    }
  }
}

// False with `why` set when the request could not be sent whole by `deadline`.
bool send_all(int fd, std::string_view data, Clock::time_point deadline, std::string& why) {
  // Each pass sends at least one byte or ends by deadline (kSocketTimeout per send).
  while (!data.empty()) {
    ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
    } else if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      why = std::string("send: ") + std::strerror(errno);
      return false;
    } else if (Clock::now() >= deadline) {
      why = "request not sent within 10 s";
      return false;
    }
  }
  return true;
}

// Sends one request and reads its whole response (the body is counted, not kept).
Reply exchange(int fd, std::string_view request, std::vector<char>& buf) {
  auto deadline = Clock::now() + kReplyTimeout;
  std::string why;
  if (!send_all(fd, request, deadline, why)) return broken(std::move(why));
  std::size_t filled = 0, head_end = std::string_view::npos;
  // Each pass adds at least one byte to buf (bounded by kMaxHeadBytes) or returns.
  while (head_end == std::string_view::npos) {
    if (filled == buf.size()) return broken("response head larger than 16 KiB");
    std::size_t got = receive(fd, buf.data() + filled, buf.size() - filled, deadline, why);
    if (got == 0) return broken(std::move(why));
    std::size_t from = filled < 3 ? 0 : filled - 3;  // "\r\n\r\n" may straddle two reads
    filled += got;
    head_end = std::string_view(buf.data(), filled).find("\r\n\r\n", from);
  }
  auto head = parse_head(std::string_view(buf.data(), head_end));
  if (!head) return broken("malformed response head");
  if (head->chunked) return broken("Transfer-Encoding is not supported by the probe");
  if (!head->content_length) return broken("response without Content-Length");
  if (*head->content_length > kMaxBodyBytes) return broken("response body over 64 MiB");
  std::uint64_t body_seen = filled - (head_end + 4);
  if (body_seen > *head->content_length) return broken("bytes after the response body");
  // Each pass reads at least one byte of the body or returns.
  for (std::uint64_t left = *head->content_length - body_seen; left > 0;) {
    std::size_t got =
        receive(fd, buf.data(), std::min<std::uint64_t>(left, buf.size()), deadline, why);
    if (got == 0) return broken(std::move(why));
    left -= got;
  }
  if (head->closes) return broken("server closed the keep-alive connection");
  if (head->status != 200)
    return {Outcome::BadStatus, "HTTP status " + std::to_string(head->status)};
  return {};
}

struct ConnectionReport {
  Histogram latencies;  // of 200 answers only
  std::uint64_t errors = 0;
  std::string first_error;
  Clock::time_point started, finished;
};

void note_error(ConnectionReport& report, std::string why) {
  if (report.errors++ == 0) report.first_error = std::move(why);
}

// One connection's closed loop: the next request leaves when the previous answer is complete.
void run_connection(Target const& target, std::string const& request, Clock::duration duration,
                    int fd, ConnectionReport& report) {
  std::vector<char> buf(kMaxHeadBytes);
  report.started = Clock::now();
  auto const end = report.started + duration;
  // Bounded by `end` (each exchange ends within kReplyTimeout) and by the error cap.
  while (Clock::now() < end && report.errors < kMaxErrorsPerConnection) {
    if (fd < 0) {
      std::string why;
      if ((fd = connect_to(target, why)) < 0) {
        note_error(report, std::move(why));
        break;
      }
    }
    auto sent = Clock::now();
    Reply reply = exchange(fd, request, buf);
    auto answered = Clock::now();
    if (reply.outcome == Outcome::Ok) {
      report.latencies.record(
          std::chrono::duration_cast<std::chrono::nanoseconds>(answered - sent).count());
      continue;
    }
    note_error(report, std::move(reply.why));
    if (reply.outcome == Outcome::Broken) close(std::exchange(fd, -1));
  }
  if (fd >= 0) close(fd);
  report.finished = Clock::now();
}

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
  Number value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_plain_path(std::string_view path) {
  return path.starts_with('/') && path.size() <= 1024 &&
         std::all_of(path.begin(), path.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// "Name: value" on one line: a token, a colon, printable ASCII; no CR or LF can split it.
bool is_plain_header(std::string_view header) {
  auto colon = header.find(':');
  return colon != header.npos && colon > 0 && header.size() <= 8192 &&
         std::all_of(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) { return c > ' ' && c < 0x7f; }) &&
         std::all_of(header.begin(), header.end(), [](char c) { return c >= ' ' && c < 0x7f; });
}

struct Options {
  Target target;
  Clock::duration duration{};
  int connections = 0;
  std::string request;  // the same bytes on every connection, every time
};

std::optional<Options> parse_options(int argc, char** argv, std::string& why) {
  if (argc < 4 || argc > 6) return refuse(why, "expected 3 to 5 arguments");
  Options options;
  auto target = parse_target(argv[1], why);
  if (!target) return std::nullopt;
  options.target = std::move(*target);
  auto seconds = parse_number<double>(argv[2]);
  if (!seconds || !(*seconds > 0 && *seconds <= kMaxSeconds)) {
    return refuse(why, "SECONDS must be a number above 0, at most 3600");
  }
  options.duration =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*seconds));
  auto connections = parse_number<int>(argv[3]);
  if (!connections || *connections < 1 || *connections > kMaxConnections) {
    return refuse(why, "CONNECTIONS must be 1 to 64");
  }
  options.connections = *connections;
  std::string_view path = argc >= 5 ? argv[4] : "/healthz";
  if (!is_plain_path(path)) return refuse(why, "PATH must start with / and hold no spaces");
  std::string_view header = argc == 6 ? argv[5] : "";
  if (argc == 6 && !is_plain_header(header)) {
    return refuse(why, "HEADER must be one line \"Name: value\" of printable ASCII");
  }
  options.request = "GET " + std::string(path) + " HTTP/1.1\r\nHost: " + options.target.authority +
                    "\r\nUser-Agent: healthz_probe\r\nAccept: */*\r\n";
  if (!header.empty()) options.request += std::string(header) + "\r\n";
  options.request += "\r\n";
  return options;
}

// Every connection's report, or nullopt (the reason on stderr) when one could not connect.
std::optional<std::vector<ConnectionReport>> run(Options const& options) {
  // Connect all before any thread starts, so a dead server fails at once, not per thread.
  std::vector<int> fds;
  for (int i = 0; i < options.connections; ++i) {
    std::string why;
    fds.push_back(connect_to(options.target, why));
    if (fds.back() < 0) {
      std::fprintf(stderr, "healthz_probe: %s\n", why.c_str());
      for (int fd : fds) close(fd);
      return std::nullopt;
    }
  }
  std::vector<ConnectionReport> reports(options.connections);
  std::vector<std::jthread> threads;
  for (int i = 0; i < options.connections; ++i) {
    threads.emplace_back(run_connection, std::cref(options.target), std::cref(options.request),
                         options.duration, fds[i], std::ref(reports[i]));
  }
  threads.clear();  // joins
  return reports;
}

double ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }

// Prints the summary line (and each failing connection's first error on stderr); the exit code.
int summarize(Options const& options, std::vector<ConnectionReport> const& reports) {
  Histogram all;
  std::uint64_t errors = 0;
  auto started = reports.front().started, finished = reports.front().finished;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    auto const& report = reports[i];
    all.merge(report.latencies);
    errors += report.errors;
    started = std::min(started, report.started);
    finished = std::max(finished, report.finished);
    if (report.errors > 0) {
      std::fprintf(stderr, "healthz_probe: connection %zu: %llu error(s), the first: %s\n", i + 1,
                   static_cast<unsigned long long>(report.errors), report.first_error.c_str());
    }
  }
  double wall = std::chrono::duration<double>(finished - started).count();
  // Each connection's requests are sequential within its own run, so this cannot exceed 1
  // unless the latencies are not what the requests took.
  double busy = static_cast<double>(all.sum_ns()) / 1e9 / (options.connections * wall);
  std::printf(
      "requests=%llu seconds=%.3f req_per_s=%.1f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f "
      "max_ms=%.3f errors=%llu busy_fraction=%.3f\n",
      static_cast<unsigned long long>(all.count()), wall, all.count() / wall,
      ms(all.percentile_ns(0.50)), ms(all.percentile_ns(0.99)), ms(all.percentile_ns(0.999)),
      ms(all.max_ns()), static_cast<unsigned long long>(errors), busy);
  if (busy > 1.0) {
    std::fprintf(stderr, "healthz_probe: busy_fraction %.3f > 1: the latencies are wrong\n", busy);
    return 1;
  }
  if (all.count() == 0) std::fprintf(stderr, "healthz_probe: no request was answered\n");
  return errors > 0 || all.count() == 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string why;
  auto options = parse_options(argc, argv, why);
  if (!options) {
    std::fprintf(
        stderr,
        "healthz_probe: %s\n"
        "usage: healthz_probe HOST:PORT SECONDS CONNECTIONS [PATH [HEADER]]\n"
        "  HOST 127.0.0.1 or ::1; SECONDS > 0; CONNECTIONS 1 to %d; PATH default /healthz;\n"
        "  HEADER one more request header, \"Name: value\"\n",
        why.c_str(), kMaxConnections);
    return 2;
  }
  auto reports = run(*options);
  return reports ? summarize(*options, *reports) : 1;
}

#include "process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <thread>

extern char** environ;

namespace haven::testing {

namespace {

using Clock = std::chrono::steady_clock;

// This process's environment with `extra` ("NAME=value") added or overriding.
std::vector<std::string> environment_with(std::vector<std::string> const& extra) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    bool overridden = false;
    for (auto const& e : extra) {
      auto name = e.substr(0, e.find('=') + 1);
      if (text.starts_with(name)) overridden = true;
    }
    if (!overridden) out.emplace_back(text);
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// `input` nullptr: stdin from /dev/null and this environment, unchanged.
pid_t spawn(std::vector<std::string> const& argv, int& out_fd, int& err_fd,
            ProgramInput const* input = nullptr) {
  int out[2], err[2], in[2] = {-1, -1};
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return -1;
  if (input != nullptr) {
    if (::pipe2(in, O_CLOEXEC) != 0) return -1;
    // Written before the child exists, while our read end keeps the pipe open: small inputs
    // fit the pipe buffer, and a child that exits unread cannot raise SIGPIPE here.
    if (!input->stdin_text.empty()) {
      [[maybe_unused]] auto written =
          ::write(in[1], input->stdin_text.data(), input->stdin_text.size());
    }
    ::close(in[1]);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (input != nullptr) {
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  std::vector<char*> args;
  for (auto const& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  std::vector<char*> env;
  if (input != nullptr) {
    env_strings = environment_with(input->extra_env);
    for (auto& e : env_strings) env.push_back(e.data());
    env.push_back(nullptr);
  }
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(),
                  input != nullptr ? env.data() : environ) != 0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (input != nullptr) ::close(in[0]);
  out_fd = out[0];
  err_fd = err[0];
  return pid;
}

// Reads what is available from `fd` into `into`; false at EOF or error.
bool drain(int fd, std::string& into) {
  char buffer[4096];
  ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n <= 0) return false;
  into.append(buffer, static_cast<std::size_t>(n));
  return true;
}

int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  int status = 0;
  while (Clock::now() < deadline) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r < 0) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

}  // namespace

namespace {

Finished run_with(std::vector<std::string> const& argv, ProgramInput const* input,
                  std::chrono::milliseconds timeout) {
  Finished result;
  int out_fd = -1, err_fd = -1;
  pid_t pid = spawn(argv, out_fd, err_fd, input);
  if (pid < 0) return result;
  auto deadline = Clock::now() + timeout;
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && Clock::now() < deadline) {
    pollfd fds[2] = {{out_open ? out_fd : -1, POLLIN, 0}, {err_open ? err_fd : -1, POLLIN, 0}};
    if (::poll(fds, 2, 100) <= 0) continue;
    if (fds[0].revents != 0) out_open = drain(out_fd, result.out);
    if (fds[1].revents != 0) err_open = drain(err_fd, result.err);
  }
  ::close(out_fd);
  ::close(err_fd);
  result.exit_code = wait_exit(
      pid,
      std::chrono::milliseconds(std::max<long>(
          100,
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count())));
  return result;
}

}  // namespace

Finished run_program(std::vector<std::string> const& argv, std::chrono::milliseconds timeout) {
  return run_with(argv, nullptr, timeout);
}

Finished run_program(std::vector<std::string> const& argv, ProgramInput const& input,
                     std::chrono::milliseconds timeout) {
  return run_with(argv, &input, timeout);
}

std::optional<RunningProgram> RunningProgram::start(std::vector<std::string> const& argv) {
  int out_fd = -1, err_fd = -1;
  pid_t pid = spawn(argv, out_fd, err_fd);
  if (pid < 0) return std::nullopt;
  return RunningProgram(pid, out_fd, err_fd);
}

RunningProgram::RunningProgram(RunningProgram&& other) noexcept
    : pid_(other.pid_),
      out_fd_(other.out_fd_),
      err_fd_(other.err_fd_),
      out_buffer_(std::move(other.out_buffer_)) {
  other.pid_ = -1;
  other.out_fd_ = other.err_fd_ = -1;
}

RunningProgram::~RunningProgram() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

std::optional<std::string> RunningProgram::read_line(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    auto newline = out_buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = out_buffer_.substr(0, newline);
      out_buffer_.erase(0, newline + 1);
      return line;
    }
    pollfd fd{out_fd_, POLLIN, 0};
    if (::poll(&fd, 1, 50) > 0 && !drain(out_fd_, out_buffer_)) return std::nullopt;
  }
  return std::nullopt;
}

int RunningProgram::stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  int code = wait_exit(pid_, timeout);
  pid_ = -1;
  return code;
}

std::string RunningProgram::read_stderr() {
  std::string text;
  pollfd fd{err_fd_, POLLIN, 0};
  while (::poll(&fd, 1, 0) > 0 && drain(err_fd_, text)) {
  }
  return text;
}

std::string http_get(unsigned port, std::string const& path, std::chrono::milliseconds timeout,
                     std::string const& extra_headers) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return {};
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                          "Connection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      while (drain(fd, response)) {
      }
    }
  }
  ::close(fd);
  return response;
}

}  // namespace haven::testing

// Runs a program (the real `haven` binary) with captured output, for tests of the command
// line as an operator uses it. Every wait is bounded.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace haven::testing {

struct Finished {
  int exit_code = -1;  // -1 if killed by a signal or timed out
  std::string out;
  std::string err;
};

// Runs to completion (killed after `timeout`), stdin from /dev/null.
Finished run_program(std::vector<std::string> const& argv,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

// What a child gets besides its arguments.
struct ProgramInput {
  std::string stdin_text;              // written to the child's stdin, then closed (< 64 KiB)
  std::vector<std::string> extra_env;  // "NAME=value", added to (or overriding) this environment
};

// As above, with `input`.
Finished run_program(std::vector<std::string> const& argv, ProgramInput const& input,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

// A program left running, e.g. `haven serve`.
class RunningProgram {
 public:
  static std::optional<RunningProgram> start(std::vector<std::string> const& argv);
  RunningProgram(RunningProgram&& other) noexcept;
  RunningProgram& operator=(RunningProgram&&) = delete;
  ~RunningProgram();  // SIGKILL if still running

  // The first line on stdout, waiting at most `timeout`; nullopt on timeout or EOF.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Sends `signal`, then waits at most `timeout` for the exit; returns the exit code or -1.
  int stop(int signal, std::chrono::milliseconds timeout);
  std::string read_stderr();

 private:
  RunningProgram(pid_t pid, int out_fd, int err_fd) : pid_(pid), out_fd_(out_fd), err_fd_(err_fd) {}
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_buffer_;
};

// A blocking HTTP/1.1 GET to 127.0.0.1:port with Connection: close; returns the raw
// response, or empty on failure. Bounded by `timeout`.
std::string http_get(unsigned port, std::string const& path,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10),
                     std::string const& extra_headers = "");

}  // namespace haven::testing

// The `haven` binary as an operator uses it: exit codes, messages, init and serve.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "process.h"
#include "temp_dir.h"

namespace haven::cli {
namespace {

using testing::run_program;
using namespace std::chrono_literals;

std::string const kHaven = HAVEN_BINARY;

bool contains(std::string const& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(HavenBinary, VersionAndHelp) {
  auto version = run_program({kHaven, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(contains(version.out, "haven 0.")) << version.out;

  auto help = run_program({kHaven, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(contains(help.out, "init"));
  EXPECT_TRUE(contains(help.out, "serve"));
  EXPECT_TRUE(contains(help.out, "org"));

  for (std::string sub : {"init", "serve"}) {
    auto sub_help = run_program({kHaven, sub, "--help"});
    EXPECT_EQ(sub_help.exit_code, 0) << sub;
    EXPECT_TRUE(contains(sub_help.out, "--data")) << sub;
  }
}

TEST(HavenBinary, BadArgumentsAreUsageErrors) {
  struct Row {
    std::vector<std::string> args;
  };
  Row const rows[] = {
      {{}},
      {{"frobnicate"}},
      {{"serve", "--no-such-option"}},
      {{"init", "--data"}},
      {{"serve", "--listen", "example.org:80", "--data", "/nonexistent"}},
  };
  for (auto const& row : rows) {
    std::vector<std::string> argv = {kHaven};
    argv.insert(argv.end(), row.args.begin(), row.args.end());
    auto result = run_program(argv);
    EXPECT_EQ(result.exit_code, 64) << ::testing::PrintToString(row.args) << result.err;
    EXPECT_FALSE(result.err.empty());
  }
}

TEST(HavenBinary, ServeWithoutAnInstanceExplainsWhatToDo) {
  testing::TempDir temp;
  auto result = run_program({kHaven, "serve", "--data", (temp.path() / "none").string()});
  EXPECT_EQ(result.exit_code, 66);
  EXPECT_TRUE(contains(result.err, "haven init --data")) << result.err;
}

TEST(HavenBinary, InitTwiceIsRefused) {
  testing::TempDir temp;
  auto data = (temp.path() / "data").string();
  auto first = run_program({kHaven, "init", "--data", data});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(contains(first.out, "haven serve --data"));
  auto second = run_program({kHaven, "init", "--data", data});
  EXPECT_EQ(second.exit_code, 73);
  EXPECT_TRUE(contains(second.err, "already holds a Haven instance")) << second.err;
}

unsigned port_from(std::string const& line) {
  auto colon = line.rfind(':');
  return colon == std::string::npos ? 0 : static_cast<unsigned>(std::stoul(line.substr(colon + 1)));
}

TEST(HavenBinary, ServesAndStopsGracefullyOnSigterm) {
  testing::TempDir temp;
  auto data = (temp.path() / "data").string();
  ASSERT_EQ(run_program({kHaven, "init", "--data", data}).exit_code, 0);
  auto server =
      testing::RunningProgram::start({kHaven, "serve", "--data", data, "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(server);
  auto line = server->read_line(30s);
  ASSERT_TRUE(line) << server->read_stderr();
  ASSERT_TRUE(line->starts_with("haven: listening on http://127.0.0.1:")) << *line;
  unsigned port = port_from(*line);
  ASSERT_GT(port, 0u);

  auto health = testing::http_get(port, "/healthz");
  EXPECT_TRUE(health.starts_with("HTTP/1.1 200")) << health;
  auto home = testing::http_get(port, "/");
  EXPECT_TRUE(home.starts_with("HTTP/1.1 200")) << home.substr(0, 200);

  EXPECT_EQ(server->stop(SIGTERM, 20s), 0);
}

TEST(HavenBinary, PortInUseIsAClearError) {
  int blocker = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(blocker, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(blocker, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(blocker, 1), 0);
  socklen_t length = sizeof address;
  ::getsockname(blocker, reinterpret_cast<sockaddr*>(&address), &length);
  auto port = std::to_string(ntohs(address.sin_port));

  testing::TempDir temp;
  auto data = (temp.path() / "data").string();
  ASSERT_EQ(run_program({kHaven, "init", "--data", data}).exit_code, 0);
  auto result = run_program({kHaven, "serve", "--data", data, "--listen", "127.0.0.1:" + port});
  ::close(blocker);
  EXPECT_EQ(result.exit_code, 69) << result.err;
  EXPECT_TRUE(contains(result.err, "in use")) << result.err;
}

}  // namespace
}  // namespace haven::cli

// Argon2id in child processes of the real `haven` binary (vault/derivation_process.h, the
// child's entry in cli/derivation_process_main.cc): same KEKs as in-process, bad requests
// refused without killing the child, a dead child replaced, every child reaped.
#include "vault/derivation_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

extern char** environ;

namespace haven::vault {
namespace {

using namespace std::chrono_literals;

std::string const kHaven = HAVEN_BINARY;

SecretBytes password_of(std::string_view text) {
  return SecretBytes::copy_of(
      std::span(reinterpret_cast<std::uint8_t const*>(text.data()), text.size()));
}

std::unique_ptr<DerivationProcesses> start(std::size_t count) {
  auto pool = DerivationProcesses::start(kHaven, count);
  EXPECT_TRUE(pool) << pool.error().detail;
  return pool ? std::move(*pool) : nullptr;
}

bool is_running(pid_t pid) { return ::kill(pid, 0) == 0; }

// Field 19 of /proc/PID/stat, counted after the parenthesised command name.
int nice_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  for (int i = 3; i <= 19; ++i) fields >> field;
  return std::stoi(field);
}

std::vector<int> open_descriptors(pid_t pid) {
  std::vector<int> fds;
  for (auto const& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    fds.push_back(std::stoi(entry.path().filename().string()));
  }
  std::sort(fds.begin(), fds.end());
  return fds;
}

TEST(DerivationProcesses, DeriveTheSameKeksAsThisProcess) {
  auto pool = start(2);
  ASSERT_TRUE(pool);
  auto salt = generate_password_salt();
  for (auto params : {PasswordParams::for_tests(), PasswordParams::production()}) {
    for (std::string_view text : {"", "a long passphrase", "пароль с юникодом"}) {
      auto in_child = pool->derive_kek(password_of(text), salt, params);
      ASSERT_TRUE(in_child) << in_child.error().detail;
      auto here = derive_kek(password_of(text), salt, params);
      ASSERT_TRUE(here);
      EXPECT_TRUE(in_child->equals(*here)) << text;
    }
  }
  auto other_salt = generate_password_salt();
  auto a = pool->derive_kek(password_of("pw"), salt, PasswordParams::for_tests());
  auto b = pool->derive_kek(password_of("pw"), other_salt, PasswordParams::for_tests());
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(a->equals(*b));
}

TEST(DerivationProcesses, ChildrenRunAtNice19WithOnlyTheirSocket) {
  auto pool = start(2);
  ASSERT_TRUE(pool);
  auto pids = pool->idle_pids();
  ASSERT_EQ(pids.size(), 2u);
  // stdin, stdout, stderr and the socket: not this process's other files and sockets.
  std::vector<int> const expected_fds{0, 1, 2, kDerivationProcessFd};
  for (pid_t pid : pids) {
    EXPECT_NE(pid, ::getpid());
    // A child sets itself up after exec: wait (bounded) until it has.
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while ((nice_of(pid) != 19 || open_descriptors(pid) != expected_fds) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(nice_of(pid), 19);
    EXPECT_EQ(open_descriptors(pid), expected_fds);
  }
  // And they still answer.
  ASSERT_TRUE(
      pool->derive_kek(password_of("pw"), generate_password_salt(), PasswordParams::for_tests()));
}

TEST(DerivationProcesses, RefuseAnOverlongPasswordAndKeepWorking) {
  auto pool = start(1);
  ASSERT_TRUE(pool);
  auto salt = generate_password_salt();
  auto too_long =
      pool->derive_kek(SecretBytes(kMaxKekPasswordBytes + 1), salt, PasswordParams::for_tests());
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::InvalidInput);
  auto longest =
      pool->derive_kek(SecretBytes(kMaxKekPasswordBytes), salt, PasswordParams::for_tests());
  ASSERT_TRUE(longest) << longest.error().detail;
  auto here = derive_kek(SecretBytes(kMaxKekPasswordBytes), salt, PasswordParams::for_tests());
  EXPECT_TRUE(longest->equals(*here));
}

TEST(DerivationProcesses, ReplaceAChildThatDied) {
  auto pool = start(1);
  ASSERT_TRUE(pool);
  auto salt = generate_password_salt();
  auto before = pool->idle_pids();
  ASSERT_EQ(before.size(), 1u);
  ASSERT_EQ(::kill(before[0], SIGKILL), 0);
  // The request that finds the child dead is retried on a new one, not failed.
  auto kek = pool->derive_kek(password_of("pw"), salt, PasswordParams::for_tests());
  ASSERT_TRUE(kek) << kek.error().detail;
  EXPECT_TRUE(kek->equals(*derive_kek(password_of("pw"), salt, PasswordParams::for_tests())));
  auto after = pool->idle_pids();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after[0], before[0]);
  EXPECT_FALSE(is_running(before[0]));  // the dead one was reaped, not left a zombie
}

TEST(DerivationProcesses, ServeManyThreadsAtOnce) {
  auto pool = start(2);
  ASSERT_TRUE(pool);
  auto salt = generate_password_salt();
  constexpr int kThreads = 4;
  constexpr int kEach = 5;
  std::array<int, kThreads> correct{};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto text = "pw-" + std::to_string(t) + "-" + std::to_string(i);
        auto kek = pool->derive_kek(password_of(text), salt, PasswordParams::for_tests());
        auto here = derive_kek(password_of(text), salt, PasswordParams::for_tests());
        if (kek && here && kek->equals(*here)) ++correct[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(correct[t], kEach) << t;
  EXPECT_EQ(pool->idle_pids().size(), 2u);
}

TEST(DerivationProcesses, DestructionEndsAndReapsEveryChild) {
  std::vector<pid_t> pids;
  {
    auto pool = start(3);
    ASSERT_TRUE(pool);
    pids = pool->idle_pids();
  }
  ASSERT_EQ(pids.size(), 3u);
  for (pid_t pid : pids) {
    EXPECT_FALSE(is_running(pid));
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);  // already reaped: not our child any more
  }
}

TEST(DerivationProcesses, StartRefusesZeroChildrenAndAMissingExecutable) {
  auto none = DerivationProcesses::start(kHaven, 0);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::InvalidInput);
  auto missing = DerivationProcesses::start("/nonexistent/haven", 1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::Unavailable);
}

// A raw child on a socket the test holds, to send what DerivationProcess never would.
class RawChild {
 public:
  RawChild() {
    int ends[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends), 0);
    socket_ = ends[0];
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, ends[1], kDerivationProcessFd);
    std::string argument(kDerivationProcessArgument);
    char* argv[] = {const_cast<char*>(kHaven.c_str()), argument.data(), nullptr};
    EXPECT_EQ(::posix_spawn(&pid_, kHaven.c_str(), &actions, nullptr, argv, environ), 0);
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(ends[1]);
  }
  ~RawChild() {
    if (socket_ >= 0) ::close(socket_);
    // Never kill(-1, …): that would signal every process this user may signal.
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // The reply to `message`, or empty if the child closed the socket.
  std::vector<std::uint8_t> ask(std::vector<std::uint8_t> const& message) {
    EXPECT_EQ(::send(socket_, message.data(), message.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(message.size()));
    std::vector<std::uint8_t> reply(64);
    ssize_t got = ::recv(socket_, reply.data(), reply.size(), 0);
    reply.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return reply;
  }

  int exit_code_after_close() {
    ::close(socket_);
    socket_ = -1;
    int status = 0;
    EXPECT_EQ(::waitpid(pid_, &status, 0), pid_);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  int socket_ = -1;
  pid_t pid_ = -1;
};

std::vector<std::uint8_t> request(std::uint8_t version, std::uint64_t opslimit,
                                  std::uint64_t memlimit, std::string_view password) {
  std::vector<std::uint8_t> out{version};
  for (auto value : {opslimit, memlimit}) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  out.insert(out.end(), kPasswordSaltBytes, 7);
  out.insert(out.end(), password.begin(), password.end());
  return out;
}

TEST(DerivationProcessChild, AnswersMalformedRequestsWithAnErrorAndKeepsServing) {
  RawChild child;
  auto params = PasswordParams::for_tests();
  auto ops = params.opslimit();
  auto mem = params.memlimit();
  constexpr std::uint8_t kMalformed = 3;
  // (An empty message cannot be told from the parent closing the socket: the child exits.)
  std::vector<std::vector<std::uint8_t>> bad = {
      {1, 2, 3},                                                         // shorter than the header
      request(2, ops, mem, "pw"),                                        // unknown version
      request(1, 0, mem, "pw"),                                          // opslimit below minimum
      request(1, ops, PasswordParams::kMaxMemlimit * 2, "pw"),           // 2 GiB: never allocated
      request(1, ops, mem, std::string(kMaxKekPasswordBytes + 1, 'x')),  // over the limit
  };
  for (auto const& message : bad) {
    auto reply = child.ask(message);
    ASSERT_EQ(reply.size(), 1u) << message.size();
    EXPECT_EQ(reply[0], kMalformed) << message.size();
  }
  auto good = child.ask(request(1, ops, mem, "pw"));
  ASSERT_EQ(good.size(), 1 + kKekBytes);
  EXPECT_EQ(good[0], 0);
  PasswordSalt salt;
  salt.fill(7);
  auto here = derive_kek(password_of("pw"), salt, params);
  EXPECT_EQ(std::memcmp(good.data() + 1, here->data(), kKekBytes), 0);
  EXPECT_EQ(child.exit_code_after_close(), 0);  // the parent closing the socket ends it cleanly
}

TEST(DerivationProcessChild, RefusesToRunWithoutItsSocket) {
  // An operator typing the internal argument gets a failure, not a hang.
  pid_t pid = -1;
  std::string argument(kDerivationProcessArgument);
  char* argv[] = {const_cast<char*>(kHaven.c_str()), argument.data(), nullptr};
  ASSERT_EQ(::posix_spawn(&pid, kHaven.c_str(), nullptr, nullptr, argv, environ), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace haven::vault

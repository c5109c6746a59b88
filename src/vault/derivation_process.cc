#include "vault/derivation_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "vault/sodium_support.h"

extern char** environ;

namespace haven::vault {

namespace {

// Request: [version][opslimit u64][memlimit u64][salt 16][password]. Reply: [status] and, on
// success, the KEK. Both ends are the same binary, so the version only guards against a
// stray process on the socket.
constexpr std::uint8_t kRequestVersion = 1;
constexpr std::size_t kRequestHeaderBytes = 1 + 8 + 8 + kPasswordSaltBytes;
constexpr std::size_t kMaxRequestBytes = kRequestHeaderBytes + kMaxKekPasswordBytes;

enum class ReplyStatus : std::uint8_t {
  Derived = 0,
  PasswordTooLong = 1,
  OutOfMemory = 2,
  MalformedRequest = 3,
};

constexpr auto kReapGrace = std::chrono::seconds(5);

ssize_t receive(int fd, SecretBytes& buffer) {
  ssize_t got;
  do {
    // MSG_TRUNC: the real length of a message longer than the buffer, so it is refused
    // instead of read in part.
    got = ::recv(fd, buffer.data(), buffer.size(), MSG_TRUNC);
  } while (got < 0 && errno == EINTR);
  return got;
}

bool send_all(int fd, std::span<std::uint8_t const> message) {
  ssize_t sent;
  do {
    sent = ::send(fd, message.data(), message.size(), MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent == static_cast<ssize_t>(message.size());
}

SecretBytes status_reply(ReplyStatus status) {
  SecretBytes reply(1);
  reply.data()[0] = static_cast<std::uint8_t>(status);
  return reply;
}

SecretBytes answer(SecretBytes const& request, std::size_t length) {
  if (length < kRequestHeaderBytes || length > kMaxRequestBytes ||
      request.data()[0] != kRequestVersion) {
    return status_reply(ReplyStatus::MalformedRequest);
  }
  std::uint8_t const* in = request.data();
  auto params = PasswordParams::from_stored(read_u64(in + 1), read_u64(in + 9));
  if (!params) return status_reply(ReplyStatus::MalformedRequest);
  PasswordSalt salt;
  std::memcpy(salt.data(), in + 17, salt.size());
  auto password = SecretBytes::copy_of(
      request.span().subspan(kRequestHeaderBytes, length - kRequestHeaderBytes));
  auto kek = derive_kek(password, salt, *params);
  if (!kek) {
    return status_reply(kek.error().code == ErrorCode::InvalidInput ? ReplyStatus::PasswordTooLong
                                                                    : ReplyStatus::OutOfMemory);
  }
  SecretBytes reply(1 + kKekBytes);
  reply.data()[0] = static_cast<std::uint8_t>(ReplyStatus::Derived);
  std::memcpy(reply.data() + 1, kek->data(), kKekBytes);
  return reply;
}

Error child_gone() {
  return make_error(ErrorCode::Unavailable, "password derivation process exited");
}

}  // namespace

int serve_derivation_requests(int fd) {
  // Die with the server rather than linger holding nothing useful; never dump the memory
  // that held passwords.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::prctl(PR_SET_DUMPABLE, 0) != 0) return 1;
  if (::getppid() == 1) return 1;  // the server died before PR_SET_PDEATHSIG took effect
  for (;;) {
    SecretBytes request(kMaxRequestBytes + 1);
    ssize_t got = receive(fd, request);
    if (got == 0) return 0;
    if (got < 0) return 1;
    auto reply = answer(request, static_cast<std::size_t>(got));
    request.wipe();
    if (!send_all(fd, reply.span())) return 1;
  }
}

Result<std::unique_ptr<DerivationProcess>> DerivationProcess::spawn(std::string const& executable) {
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
    return make_error(ErrorCode::Unavailable, "socketpair: errno " + std::to_string(errno));
  }
  int parent_end = ends[0];
  int child_end = ends[1];
  // dup2 onto the same number would keep FD_CLOEXEC and the child would lose its socket.
  if (child_end == kDerivationProcessFd) {
    child_end = ::fcntl(ends[1], F_DUPFD_CLOEXEC, kDerivationProcessFd + 1);
    ::close(ends[1]);
  }
  pid_t pid = -1;
  int spawned = child_end < 0 ? errno : 0;
  if (spawned == 0) {
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, child_end, kDerivationProcessFd);
    // argv[0] names the process in `ps` (the executable may be "/proc/self/exe").
    std::string name = "haven";
    std::string argument(kDerivationProcessArgument);
    char* argv[] = {name.data(), argument.data(), nullptr};
    // posix_spawn clones without copying the address space (CLONE_VM | CLONE_VFORK), so
    // starting a child never takes the server's mmap lock for long either.
    spawned = ::posix_spawn(&pid, executable.c_str(), &actions, nullptr, argv, environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(child_end);
  }
  if (spawned != 0) {
    ::close(parent_end);
    return make_error(ErrorCode::Unavailable, "posix_spawn: errno " + std::to_string(spawned));
  }
  return std::unique_ptr<DerivationProcess>(new DerivationProcess(pid, parent_end));
}

DerivationProcess::~DerivationProcess() {
  close_socket();         // the child reads end-of-file and exits
  if (pid_ <= 0) return;  // kill(-1, …) would signal every process of this user
  auto deadline = std::chrono::steady_clock::now() + kReapGrace;
  for (;;) {
    pid_t reaped = ::waitpid(pid_, nullptr, WNOHANG);
    if (reaped == pid_ || (reaped < 0 && errno != EINTR)) return;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
}

void DerivationProcess::close_socket() {
  if (socket_ >= 0) ::close(socket_);
  socket_ = -1;
}

Result<SecretBytes> DerivationProcess::derive_kek(SecretBytes const& password,
                                                  PasswordSalt const& salt,
                                                  PasswordParams const& params) {
  if (broken()) return child_gone();
  if (password.size() > kMaxKekPasswordBytes) {
    return make_error(ErrorCode::InvalidInput, "password too long");
  }
  SecretBytes request(kRequestHeaderBytes + password.size());
  Bytes header;
  header.push_back(kRequestVersion);
  append_u64(header, params.opslimit());
  append_u64(header, params.memlimit());
  std::memcpy(request.data(), header.data(), header.size());
  std::memcpy(request.data() + header.size(), salt.data(), salt.size());
  if (!password.empty()) {
    std::memcpy(request.data() + kRequestHeaderBytes, password.data(), password.size());
  }
  bool sent = send_all(socket_, request.span());
  request.wipe();
  if (!sent) {
    close_socket();
    return child_gone();
  }

  SecretBytes reply(1 + kKekBytes + 1);
  ssize_t got = receive(socket_, reply);
  if (got <= 0) {
    close_socket();
    return child_gone();
  }
  auto status = static_cast<ReplyStatus>(reply.data()[0]);
  if (status == ReplyStatus::Derived && got == static_cast<ssize_t>(1 + kKekBytes)) {
    return SecretBytes::copy_of(reply.span().subspan(1, kKekBytes));
  }
  if (got == 1 && status == ReplyStatus::PasswordTooLong) {
    return make_error(ErrorCode::InvalidInput, "password too long");
  }
  if (got == 1 && status == ReplyStatus::OutOfMemory) {
    return make_error(ErrorCode::Unavailable, "argon2id: out of memory");
  }
  // Both ends are one binary: anything else means the protocol is broken, not the input.
  close_socket();
  return make_error(ErrorCode::Internal, "password derivation process: unexpected reply");
}

Result<std::unique_ptr<DerivationProcesses>> DerivationProcesses::start(std::string executable,
                                                                        std::size_t count) {
  if (count == 0) return make_error(ErrorCode::InvalidInput, "no password derivation processes");
  std::unique_ptr<DerivationProcesses> pool(new DerivationProcesses(std::move(executable)));
  for (std::size_t i = 0; i < count; ++i) {
    auto child = DerivationProcess::spawn(pool->executable_);
    if (!child) return std::move(child).error();
    pool->idle_.push_back(std::move(*child));
  }
  return pool;
}

Result<SecretBytes> DerivationProcesses::derive_kek(SecretBytes const& password,
                                                    PasswordSalt const& salt,
                                                    PasswordParams const& params) {
  auto child = take();
  if (child->broken()) renew(child);
  auto kek = child->derive_kek(password, salt, params);
  if (!kek && child->broken()) {
    renew(child);
    kek = child->derive_kek(password, salt, params);
  }
  give_back(std::move(child));
  return kek;
}

std::vector<pid_t> DerivationProcesses::idle_pids() const {
  std::lock_guard lock(mutex_);
  std::vector<pid_t> pids;
  for (auto const& child : idle_) pids.push_back(child->pid());
  return pids;
}

std::unique_ptr<DerivationProcess> DerivationProcesses::take() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty(); });
  auto child = std::move(idle_.back());
  idle_.pop_back();
  return child;
}

void DerivationProcesses::give_back(std::unique_ptr<DerivationProcess> child) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(child));
  }
  returned_.notify_one();
}

void DerivationProcesses::renew(std::unique_ptr<DerivationProcess>& child) {
  auto fresh = DerivationProcess::spawn(executable_);
  if (fresh) child = std::move(*fresh);
}

}  // namespace haven::vault

// Argon2id in child processes, for `haven serve`. Each derivation maps 64 MiB, populates it
// and unmaps it again; in the server's own address space that takes the process-wide
// mmap lock, and a derivation at nice 19 preempted while holding it stalled the HTTP I/O
// threads' own mmap/mprotect calls for up to 200 ms (priority inversion; bench/README.md,
// `run-sign-in`). A child has its own address space, so its memory work never blocks a
// request, and the Argon2id working memory never lives in the server process.
//
// Protocol on a SOCK_SEQPACKET socket pair (one message each way, docs/formats/
// derivation-process.md): the request carries opslimit, memlimit, salt and the password;
// the reply a status byte and the 32-byte KEK. The child checks the parameters with
// PasswordParams::from_stored, so a request cannot make it allocate more than 1 GiB.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// argv[1] of a child: `haven` dispatches on it before parsing its command line (cli/run.cc).
inline constexpr std::string_view kDerivationProcessArgument = "--internal-password-derivations";
// The child's end of the socket pair.
inline constexpr int kDerivationProcessFd = 3;

// The child's side: answers requests on `fd` until the parent closes it (returns 0) or the
// socket fails (returns 1). Single-threaded; secrets are wiped after each request.
int serve_derivation_requests(int fd);

// One child, used by one thread at a time. The destructor closes the socket, which ends
// the child, and reaps it (SIGKILL after 5 s).
class DerivationProcess {
 public:
  // Spawns `executable kDerivationProcessArgument` with the socket as fd 3 and no other
  // descriptors. Unavailable if the kernel refuses.
  static Result<std::unique_ptr<DerivationProcess>> spawn(std::string const& executable);
  ~DerivationProcess();
  DerivationProcess(DerivationProcess const&) = delete;
  DerivationProcess& operator=(DerivationProcess const&) = delete;

  // derive_kek's contract. Unavailable (and broken() from then on) if the child is gone.
  Result<SecretBytes> derive_kek(SecretBytes const& password, PasswordSalt const& salt,
                                 PasswordParams const& params);

  bool broken() const { return socket_ < 0; }
  pid_t pid() const { return pid_; }

 private:
  DerivationProcess(pid_t pid, int socket) : pid_(pid), socket_(socket) {}
  void close_socket();

  pid_t pid_;
  int socket_;
};

// `count` children shared by up to `count` threads (the PasswordHasher's derivation
// workers); thread-safe. A child that died is replaced and the request retried once on the
// new one, so an OOM-killed child costs one slow sign-in, not an outage.
class DerivationProcesses {
 public:
  static Result<std::unique_ptr<DerivationProcesses>> start(std::string executable,
                                                            std::size_t count);

  // Blocks while all children are busy (never, with one child per derivation thread).
  Result<SecretBytes> derive_kek(SecretBytes const& password, PasswordSalt const& salt,
                                 PasswordParams const& params);

  // Process ids of the idle children (tests; call it while no derivation runs).
  std::vector<pid_t> idle_pids() const;

 private:
  explicit DerivationProcesses(std::string executable) : executable_(std::move(executable)) {}
  std::unique_ptr<DerivationProcess> take();
  void give_back(std::unique_ptr<DerivationProcess> child);
  // Replaces a broken child by a new one; keeps the broken one if spawning fails, so the
  // slot is never lost and the next request tries again.
  void renew(std::unique_ptr<DerivationProcess>& child);

  std::string executable_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<DerivationProcess>> idle_;
};

}  // namespace haven::vault

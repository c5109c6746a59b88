// PasswordHasher runs Argon2id derivations on a bounded WorkerPool (DESIGN.md §3), so a
// login storm is refused with RateLimited instead of starving the threads that serve pages.
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <utility>

#include "core/result.h"
#include "core/worker_pool.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Thread-safe. Destruction waits for every accepted derivation to finish (and its callback
// to run). Size `workers` to the cores set aside for logins; each derivation holds
// params.memlimit() bytes while it runs, and run_async tasks may derive too, so
// 2 × workers × memlimit is the memory ceiling.
class PasswordHasher {
 public:
  using Callback = std::function<void(Result<SecretBytes>)>;
  // What a derivation thread calls: derive_kek in this process (CLI, tests), or
  // DerivationProcesses::derive_kek in child processes at nice 19 (`haven serve`), so the
  // Argon2id memory work never touches the server's address space. Must be thread-safe.
  using Derive = std::function<Result<SecretBytes>(SecretBytes const&, PasswordSalt const&,
                                                   PasswordParams const&)>;

  // Callbacks and run_async tasks run on `workers` completion threads, never on the
  // derivation threads: a derivation may be slow, and a task waiting behind it while holding
  // a database lock would stall every request.
  PasswordHasher(std::size_t workers, std::size_t max_queued, Derive derive = vault::derive_kek)
      : derive_(std::move(derive)),
        completions_(workers, 2 * max_queued + workers),
        derivations_(workers, max_queued),
        max_queued_(max_queued) {}

  // Takes ownership of `password` (wiped when the derivation ends). RateLimited when the
  // queue is full (the caller answers "try again shortly"), Unavailable when shutting down.
  // `done` runs on a completion thread with derive_kek's result; it must not block for long.
  Result<void> derive_kek_async(SecretBytes password, PasswordSalt const& salt,
                                PasswordParams const& params, Callback done);

  // The same, as a future for callers that can wait (CLI, tests).
  Result<std::future<Result<SecretBytes>>> derive_kek(SecretBytes password,
                                                      PasswordSalt const& salt,
                                                      PasswordParams const& params);

  // Runs `task` on the completion threads: for use cases that derive keys themselves, in
  // this process, inside a transaction (accepting an account link, changing a password),
  // which are rare. Bounded like derive_kek_async
  // (RateLimited when `max_queued` tasks wait); the task must not throw.
  Result<void> run_async(std::function<void()> task);

 private:
  Derive derive_;
  // Declared before derivations_, destroyed after: the derivations still running at
  // shutdown hand their results over to it.
  WorkerPool completions_;
  WorkerPool derivations_;
  std::size_t max_queued_;
};

}  // namespace haven::vault

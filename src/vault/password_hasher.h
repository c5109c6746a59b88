// PasswordHasher runs Argon2id derivations on a bounded WorkerPool (DESIGN.md §3), so a
// login storm is refused with RateLimited instead of starving the threads that serve pages.
#pragma once

#include <cstddef>
#include <functional>
#include <future>

#include "core/result.h"
#include "core/worker_pool.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Thread-safe. Destruction waits for every accepted derivation to finish (and its callback
// to run). Size `workers` to the cores set aside for logins; each derivation holds
// params.memlimit() bytes while it runs, so workers × memlimit is the memory ceiling.
class PasswordHasher {
 public:
  using Callback = std::function<void(Result<SecretBytes>)>;

  PasswordHasher(std::size_t workers, std::size_t max_queued) : pool_(workers, max_queued) {}

  // Takes ownership of `password` (wiped when the derivation ends). RateLimited when the
  // queue is full (the caller answers "try again shortly"), Unavailable when shutting down.
  // `done` runs on a pool thread with derive_kek's result; it must not block for long.
  Result<void> derive_kek_async(SecretBytes password, PasswordSalt const& salt,
                                PasswordParams const& params, Callback done);

  // The same, as a future for callers that can wait (CLI, tests).
  Result<std::future<Result<SecretBytes>>> derive_kek(SecretBytes password,
                                                      PasswordSalt const& salt,
                                                      PasswordParams const& params);

 private:
  WorkerPool pool_;
};

}  // namespace haven::vault

#include "vault/password_hasher.h"

#include <memory>
#include <utility>

namespace haven::vault {

Result<void> PasswordHasher::derive_kek_async(SecretBytes password, PasswordSalt const& salt,
                                              PasswordParams const& params, Callback done) {
  // std::function needs a copyable callable: hold the move-only secret behind a shared_ptr.
  auto owned = std::make_shared<SecretBytes>(std::move(password));
  return derivations_.try_post([this, owned, salt, params, done = std::move(done)] {
    auto kek = std::make_shared<Result<SecretBytes>>(derive_(*owned, salt, params));
    owned->wipe();
    // The completion queue has room for every derivation that can be running or waiting, so
    // this only fails at shutdown, after every accepted derivation has been handed over;
    // then the callback runs here rather than being lost.
    auto handed_over = completions_.try_post([kek, done] { done(std::move(*kek)); });
    if (!handed_over) done(std::move(*kek));
  });
}

Result<void> PasswordHasher::run_async(std::function<void()> task) {
  // The completion queue has room for max_queued_ of these plus every derivation result:
  // keep these tasks to the documented bound themselves.
  if (completions_.queued() >= max_queued_) {
    return make_error(ErrorCode::RateLimited, "password work: queue full");
  }
  return completions_.try_post(std::move(task));
}

Result<std::future<Result<SecretBytes>>> PasswordHasher::derive_kek(SecretBytes password,
                                                                    PasswordSalt const& salt,
                                                                    PasswordParams const& params) {
  auto promise = std::make_shared<std::promise<Result<SecretBytes>>>();
  auto future = promise->get_future();
  auto posted =
      derive_kek_async(std::move(password), salt, params,
                       [promise](Result<SecretBytes> kek) { promise->set_value(std::move(kek)); });
  if (!posted) return std::move(posted).error();
  return future;
}

}  // namespace haven::vault

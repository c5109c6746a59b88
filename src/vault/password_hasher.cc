#include "vault/password_hasher.h"

#include <memory>
#include <utility>

namespace haven::vault {

Result<void> PasswordHasher::derive_kek_async(SecretBytes password, PasswordSalt const& salt,
                                              PasswordParams const& params, Callback done) {
  // std::function needs a copyable callable: hold the move-only secret behind a shared_ptr.
  auto owned = std::make_shared<SecretBytes>(std::move(password));
  return pool_.try_post([owned, salt, params, done = std::move(done)] {
    auto kek = vault::derive_kek(*owned, salt, params);
    owned->wipe();
    done(std::move(kek));
  });
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

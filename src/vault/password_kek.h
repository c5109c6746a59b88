// Password → key-encryption key (KEK) with Argon2id (DESIGN.md §3), and the parameters it
// ran with, so a stored envelope says how it was made and `needs_rehash` can tell at login.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Argon2id cost. Only the named factories make one, so production code cannot hand-pick a
// weaker setting by accident; `for_tests()` says what it is at every call site.
class PasswordParams {
 public:
  // t = 3, 64 MiB: libsodium's INTERACTIVE memory with one more pass (DESIGN.md §3: ≥ 64 MiB,
  // t ≥ 3).
  static PasswordParams production();
  // libsodium's minimum (t = 1, 8 KiB): fast tests only. Never in production wiring.
  static PasswordParams for_tests();
  // Parameters read back from an envelope. Corruption outside [minimum, kMax*]: a flipped
  // bit must not turn one login into a 1 TiB allocation.
  static Result<PasswordParams> from_stored(std::uint64_t opslimit, std::uint64_t memlimit);

  static constexpr std::uint64_t kMaxOpslimit = 16;
  static constexpr std::uint64_t kMaxMemlimit = std::uint64_t{1} << 30;  // 1 GiB

  std::uint64_t opslimit() const { return opslimit_; }
  std::uint64_t memlimit() const { return memlimit_; }
  // True if `this` is at least as costly as `other` in both dimensions.
  bool is_at_least(PasswordParams const& other) const;
  bool operator==(PasswordParams const&) const = default;

 private:
  PasswordParams(std::uint64_t opslimit, std::uint64_t memlimit)
      : opslimit_(opslimit), memlimit_(memlimit) {}
  std::uint64_t opslimit_;
  std::uint64_t memlimit_;
};

inline constexpr std::size_t kPasswordSaltBytes = 16;  // crypto_pwhash_SALTBYTES
inline constexpr std::size_t kKekBytes = 32;
// Long enough for any passphrase, short enough that the input itself is not a DoS lever.
inline constexpr std::size_t kMaxKekPasswordBytes = 4096;
using PasswordSalt = std::array<std::uint8_t, kPasswordSaltBytes>;

// A fresh random salt for a new or re-hashed password.
PasswordSalt generate_password_salt();

// Runs Argon2id13 on the calling thread (≈ 0.1–0.3 s and 64 MiB in production: call it
// through PasswordHasher, never on an I/O thread). Returns a 32-byte KEK. Unavailable if
// the memory cannot be allocated; InvalidInput for a password over 4 KiB. Thread-safe.
Result<SecretBytes> derive_kek(SecretBytes const& password, PasswordSalt const& salt,
                               PasswordParams const& params);

}  // namespace haven::vault

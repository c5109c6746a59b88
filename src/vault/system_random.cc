#include "vault/system_random.h"

#include <sodium.h>

namespace haven::vault {

Result<void> initialise() {
  if (sodium_init() < 0) return make_error(ErrorCode::Internal, "sodium_init failed");
  return {};
}

void SystemRandom::fill(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

}  // namespace haven::vault

// The operating system's CSPRNG through libsodium, behind core's Random interface.
#pragma once

#include "core/random.h"
#include "core/result.h"

namespace haven::vault {

// Initialises libsodium; call once at start-up before any other vault function.
// Fails (Internal) only if the library cannot initialise, which makes Haven unusable.
Result<void> initialise();

class SystemRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override;
};

}  // namespace haven::vault

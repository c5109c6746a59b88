// Randomness as an injected interface, so tests are deterministic and production uses the
// operating system's CSPRNG (vault::SystemRandom). Never std::rand or std::mt19937 for secrets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace haven {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `out` with random bytes. Thread-safe in every implementation.
  virtual void fill(std::span<std::uint8_t> out) = 0;
};

// `bytes` random bytes as 2*bytes lower-case hex characters.
std::string random_hex(Random& random, std::size_t bytes);

}  // namespace haven

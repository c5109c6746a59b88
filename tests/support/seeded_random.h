// Deterministic bytes for tests (splitmix64): the same seed gives the same ids every run.
#pragma once

#include <cstdint>
#include <mutex>

#include "core/random.h"

namespace haven::testing {

class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed = 42) : state_(seed) {}
  void fill(std::span<std::uint8_t> out) override {
    std::lock_guard lock(mutex_);
    for (auto& byte : out) {
      state_ += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = state_;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      byte = static_cast<std::uint8_t>(z ^ (z >> 31));
    }
  }

 private:
  std::mutex mutex_;
  std::uint64_t state_;
};

}  // namespace haven::testing

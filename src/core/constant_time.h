// Comparison of secrets (tokens, tags) whose running time does not depend on where they
// differ: an early exit would leak a secret's prefix to a patient attacker.
#pragma once

#include <string_view>

namespace haven {

inline bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  volatile unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = diff | static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace haven

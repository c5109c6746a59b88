// How every table stores time (docs/formats/database.md): integer milliseconds since the
// Unix epoch, UTC, identical on both engines.
#pragma once

#include <chrono>
#include <cstdint>

namespace haven::storage {

inline std::int64_t to_millis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline std::chrono::system_clock::time_point from_millis(std::int64_t ms) {
  return std::chrono::system_clock::time_point{
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::milliseconds{ms})};
}

}  // namespace haven::storage

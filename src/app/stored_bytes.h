// Bytes from vault/ travel through the storage ports as std::string (opaque BLOB/bytea);
// these two views convert without copying twice. Not for secrets: SecretBytes stays in
// guarded memory and is never turned into a std::string.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace haven::app {

inline std::string to_stored(std::span<std::uint8_t const> bytes) {
  return std::string(reinterpret_cast<char const*>(bytes.data()), bytes.size());
}

inline std::span<std::uint8_t const> stored_bytes(std::string_view stored) {
  return {reinterpret_cast<std::uint8_t const*>(stored.data()), stored.size()};
}

}  // namespace haven::app

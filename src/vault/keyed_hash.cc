#include "vault/keyed_hash.h"

#include "vault/sodium_support.h"

namespace haven::vault {

Result<HandleHash> handle_hash(SecretBytes const& pepper, HandleKind kind,
                               std::string_view normalised_handle) {
  if (pepper.size() != kPepperBytes) return make_error(ErrorCode::InvalidInput, "pepper size");
  std::uint8_t const kind_byte = static_cast<std::uint8_t>(kind);
  HandleHash out;
  blake2b(out, pepper.span(), std::string_view("haven.handle.v1\0", 16),
          {std::span(&kind_byte, 1), as_bytes(normalised_handle)});
  return out;
}

}  // namespace haven::vault

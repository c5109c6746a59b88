#include "app/org_keys.h"

#include <utility>

#include "app/account_keys.h"
#include "app/stored_bytes.h"
#include "vault/org_key.h"
#include "vault/sealed_box.h"

namespace haven::app {

Result<std::optional<vault::Keypair>> open_org_keypair(Transaction& tx, Actor const& actor,
                                                       vault::Keypair const& reader,
                                                       domain::Organisation const& org) {
  if (!actor.user_id() || !org.public_key) return std::optional<vault::Keypair>();
  auto org_pk = read_public_key(*org.public_key);
  if (!org_pk) return std::move(org_pk).error();
  auto grant = tx.staff().find_org_key_grant(org.id, *actor.user_id());
  if (!grant) {
    if (grant.error().code == ErrorCode::NotFound) return std::optional<vault::Keypair>();
    return std::move(grant).error();
  }
  auto org_sk = vault::open_org_key(reader, *org_pk, stored_bytes(grant->sealed_org_secret_key));
  if (!org_sk) return std::optional<vault::Keypair>();
  return std::optional<vault::Keypair>(
      vault::Keypair{.public_key = *org_pk, .secret_key = std::move(org_sk).value()});
}

std::optional<std::string> open_staff_email(std::optional<vault::Keypair> const& org_keys,
                                            std::string_view sealed) {
  if (!org_keys || sealed.empty()) return std::nullopt;
  auto opened =
      vault::open_sealed(*org_keys, vault::SealedPurpose::StaffEmail, stored_bytes(sealed));
  if (!opened) return std::nullopt;
  return std::string(reinterpret_cast<char const*>(opened->data()), opened->size());
}

}  // namespace haven::app

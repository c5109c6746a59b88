#include "app/org_keys.h"

#include <utility>

#include "app/account_keys.h"
#include "app/stored_bytes.h"
#include "vault/org_key.h"

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

}  // namespace haven::app

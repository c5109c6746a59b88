// Granting an organisation's key to a member (DESIGN.md §3): a coordinator who holds the key
// opens it with their own keypair (unlocked from their session) and seals it to the
// member's public key. Members added after the first, and members after a password reset,
// wait for this; until then nothing sealed to the organisation is readable to them.
#pragma once

#include "app/audit_log.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/ids.h"
#include "vault/keypair.h"

namespace haven::app {

class KeyGrants {
 public:
  // The references must outlive the service. Thread-safe as the store is.
  KeyGrants(Store& store, Clock const& clock, AuditLog const& audit)
      : store_(store), clock_(clock), audit_(audit) {}

  // Seals `org`'s secret key to `member`'s current public key after Action::GrantOrgKey.
  // `granter` is the acting user's own keypair (SessionService::unlock_user_key).
  // PermissionDenied when the actor holds no grant of the key themselves (or `granter` is
  // not their keypair); NotFound when `member` is not a member of `org` or the actor may not
  // see it; Conflict when the member already holds a grant. Audited (org_key_granted).
  Result<void> grant(Actor const& actor, vault::Keypair const& granter, domain::OrgId const& org,
                     domain::UserId const& member);

 private:
  Store& store_;
  Clock const& clock_;
  AuditLog const& audit_;
};

}  // namespace haven::app

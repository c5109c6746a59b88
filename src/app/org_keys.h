// Opening an organisation's keypair for one reader (DESIGN.md §3): the acting member's own
// keypair (unlocked from their session) opens their grant of the organisation's secret key.
// Shared by every use case that reads or writes what is sealed to an organisation.
#pragma once

#include <optional>

#include "app/policy.h"
#include "app/ports/store.h"
#include "core/result.h"
#include "domain/organisation.h"
#include "vault/keypair.h"

namespace haven::app {

// The organisation's keypair as `actor`'s own grant opens it with `reader`; nullopt when the
// actor holds no grant (pending, or revoked by a password reset), is the system, the
// organisation has no keypair yet, or `reader` is not the keypair the grant was sealed to.
// Only storage errors fail.
Result<std::optional<vault::Keypair>> open_org_keypair(Transaction& tx, Actor const& actor,
                                                       vault::Keypair const& reader,
                                                       domain::Organisation const& org);

}  // namespace haven::app

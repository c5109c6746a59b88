// Opening an organisation's keypair for one reader (DESIGN.md §3): the acting member's own
// keypair (unlocked from their session) opens their grant of the organisation's secret key.
// Shared by every use case that reads or writes what is sealed to an organisation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

// A member's (or invitee's) address as sealed to the organisation's key; nullopt without
// the key or when the envelope does not open (the one address then stays hidden rather than
// the whole page failing). Shown to the reader, never logged.
std::optional<std::string> open_staff_email(std::optional<vault::Keypair> const& org_keys,
                                            std::string_view sealed);

}  // namespace haven::app

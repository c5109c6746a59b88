// The strong ids of the network's people and organisations (DESIGN.md §3: 128-bit random,
// never sequential). Here, in domain/, so every layer above can name them.
#pragma once

#include "core/id.h"

namespace haven::domain {

struct OrgTag {};
struct UserTag {};

using OrgId = Id<OrgTag>;
using UserId = Id<UserTag>;

}  // namespace haven::domain

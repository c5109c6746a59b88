// The strong ids of the network's people, organisations and cases (DESIGN.md §3: 128-bit random,
// never sequential). Here, in domain/, so every layer above can name them.
#pragma once

#include "core/id.h"

namespace haven::domain {

struct OrgTag {};
struct UserTag {};
struct CaseTag {};
struct EntryTag {};
struct DocumentTag {};
struct DeadlineTag {};

using OrgId = Id<OrgTag>;
using UserId = Id<UserTag>;
using CaseId = Id<CaseTag>;
using EntryId = Id<EntryTag>;        // one timeline entry of a case
using DocumentId = Id<DocumentTag>;  // a file attached to a case
using DeadlineId = Id<DeadlineTag>;  // a due date on a case

}  // namespace haven::domain

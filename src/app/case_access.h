// Reaching one case's content for one reader (DESIGN.md §3), shared by every use case on
// case data (CaseService, deadlines, people, documents): the permission check that hides
// other organisations' cases, and the case's DEK opened through the reader's own grant of
// the organisation key.
#pragma once

#include <optional>
#include <string_view>

#include "app/audit_log.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/case.h"
#include "domain/ids.h"
#include "domain/organisation.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::app {

// NotFound "no such case": the one answer for an unknown case, another organisation's, and
// an organisation the actor is not a member of, so nobody learns whether it exists.
Error no_such_case();

// `result`, with NotFound turned into no_such_case().
template <class T>
Result<T> hide_not_found(Result<T> result) {
  if (!result.ok() && result.error().code == ErrorCode::NotFound) return no_such_case();
  return result;
}

// PermissionDenied with the detail kNoOrgKeyGrant (case_service.h).
Error no_org_key_grant();

// authorise(actor, action, org) with NotFound turned into no_such_case().
Result<void> authorise_case(Actor const& actor, Action action, domain::OrgId const& org);

// The organisation and its keypair through the actor's own grant; no_such_case() for an
// unknown organisation, no_org_key_grant() without a grant.
struct OrgWithKeys {
  domain::Organisation org;
  vault::Keypair keys;
};
Result<OrgWithKeys> open_org_with_keys(Transaction& tx, Actor const& actor,
                                       vault::Keypair const& reader, domain::OrgId const& org);

// A case of `org` with its DEK opened for the reader. no_such_case() for an unknown case or
// one of another organisation, no_org_key_grant() without a grant; Corruption when the
// sealed DEK does not open. Checks no permission: call authorise_case first.
struct UnlockedCase {
  domain::Case record;
  vault::SecretBytes dek;
  // The organisation's keypair the DEK was opened with (unlock_case), for the entries that
  // arrived sealed to the organisation; nullopt where the case was just made.
  std::optional<vault::Keypair> org_keys = std::nullopt;
};
Result<UnlockedCase> unlock_case(Transaction& tx, Actor const& actor, vault::Keypair const& reader,
                                 domain::OrgId const& org, domain::CaseId const& id);

// The field name every timeline entry's content is sealed under (AAD = entry id + this).
inline constexpr std::string_view kEntryContentField = "content";

// Appends a timeline entry of `kind` to `record`'s case, at record.updated_at, with `text`
// sealed under `dek`, under a fresh id or `id` when given (a one-time form's, so that a
// form sent twice meets the repository's Conflict for a taken id). The case repository's
// errors pass through.
Result<void> append_sealed_entry(Transaction& tx, Random& random, vault::SecretBytes const& dek,
                                 domain::Case const& record, domain::EntryKind kind,
                                 std::optional<domain::UserId> author, std::string_view text,
                                 std::optional<domain::EntryId> id = std::nullopt);

// The text of an entry that arrived sealed to the organisation (TimelineEntry::
// sealed_entry_key non-empty: CaseService::receive), opened with the organisation's
// keypair. Corruption when either envelope does not open.
Result<std::string> open_inbound_entry(vault::Keypair const& org_keys, TimelineEntry const& entry);

// An audit event by `actor` about case `id` of `org` (entries carry the case id only).
AuditEvent case_event(Actor const& actor, AuditAction action, domain::OrgId const& org,
                      domain::CaseId const& id);

}  // namespace haven::app

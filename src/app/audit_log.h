// The audit log use case (DESIGN.md §2 promise 5): appending an entry inside the caller's
// transaction, so it commits or rolls back with the change it records, and listing entries
// after app/policy.h. Entries carry only ids and codes (app/ports/audit_repository.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_chain.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/result.h"

namespace haven::app {

// What happened, without the chain's bookkeeping (sequence, time, links).
struct AuditEvent {
  AuditActorKind actor_kind = AuditActorKind::System;
  std::optional<domain::UserId> actor_id;
  AuditAction action = AuditAction::OrganisationAdded;
  std::optional<domain::OrgId> organisation;
  AuditObjectKind object_kind = AuditObjectKind::None;
  std::string object_id;  // 32 lower-case hex digits, or empty with AuditObjectKind::None
  AuditOutcome outcome = AuditOutcome::Ok;

  // The event's actor fields from a policy Actor (user or system).
  static AuditEvent by(Actor const& actor, AuditAction action);
};

inline constexpr std::size_t kMaxAuditPage = 500;

class AuditLog {
 public:
  // `clock` and `audit_key` (32 bytes, from secrets.toml) must outlive the log. Thread-safe.
  AuditLog(Clock const& clock, vault::SecretBytes const& audit_key)
      : clock_(clock), key_(audit_key) {}

  // Appends `event` as the next entry of the chain, in `tx` (read-write). Locks the chain
  // head first (AuditRepository::lock_head), so concurrent appends queue up and never fork
  // the chain. InvalidInput for a malformed event (an object id that is not 32 hex digits,
  // actor id without a user actor, ...); store errors pass through. Returns the entry.
  Result<AuditEntry> append(Transaction& tx, AuditEvent const& event) const;

  // Up to `limit` (at most kMaxAuditPage) entries after `after_sequence`, ascending. With
  // `organisation`: that organisation's entries after Action::ViewAuditLog (a non-member
  // gets NotFound, a member without the role PermissionDenied: app/policy.h). Without: the
  // whole network's, after Action::ViewNetworkAuditLog (network admins and the system).
  Result<std::vector<AuditEntry>> list(Store& store, Actor const& actor,
                                       std::optional<domain::OrgId> const& organisation,
                                       std::int64_t after_sequence, std::size_t limit) const;

  struct Verdict {
    std::int64_t entries = 0;  // entries checked and intact
    std::optional<AuditBreak> first_break;
  };
  // Checks the whole chain against the audit key, streaming it in pages of kMaxAuditPage
  // (never the whole log in memory), after Action::ViewNetworkAuditLog. Reads the head
  // first and checks up to it, so entries appended meanwhile neither count nor break it.
  // A break is a Verdict, not an error; errors are the store's or PermissionDenied.
  Result<Verdict> verify(Store& store, Actor const& actor) const;

 private:
  Clock const& clock_;
  vault::SecretBytes const& key_;
};

}  // namespace haven::app

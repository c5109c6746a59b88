// The audit port: the hash-chained, append-only log of who did what to which object, when
// (DESIGN.md §2 promise 5). Entries hold only ids and codes: never a name, email address,
// IP address or content. How a link is computed lives in app/audit_chain.h.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"

namespace haven::app {

// Stable string codes (to_string below) are stored and hashed: never renumber or rename.
enum class AuditAction {
  SignIn,
  SignInFailed,
  SignOut,
  RoleChanged,
  MemberAdded,
  MemberRemoved,
  UserDisabled,
  PasswordReset,
  OrgKeyGranted,
  OrgKeyRevoked,
  OrganisationAdded,
  SessionsRevoked,
  PasswordChanged,
  TotpEnrolled,
  RecoveryCodesRenewed,
  RecoveryCodeUsed,
  InvitationIssued,
  InvitationAccepted,
  PasswordResetIssued,
  CaseCreated,
  CaseOpened,
  CaseNoteAdded,
  CaseStatusChanged,
  CaseAssigned,
  DocumentAdded,
  DocumentRead,
  PersonChanged,
  ContactLookedUp,
  DeadlineSet,
  DeadlineDone,
};
// The last AuditAction, so tests can walk them all.
inline constexpr AuditAction kLastAuditAction = AuditAction::DeadlineDone;

// Who acted: a staff user (with an id), the operator at the console, or nobody signed in
// (a failed sign-in, the public site).
enum class AuditActorKind { User, System, Anonymous };

// What kind of object the entry is about; None when it is about no object.
enum class AuditObjectKind { None, Organisation, User, Case };

enum class AuditOutcome { Ok, Denied };

inline constexpr std::size_t kAuditLinkBytes = 32;
using AuditLink = std::array<std::uint8_t, kAuditLinkBytes>;

struct AuditEntry {
  std::int64_t sequence = 0;                 // 1, 2, 3, ... per instance, no gaps
  std::chrono::system_clock::time_point at;  // stored and hashed in whole milliseconds
  AuditActorKind actor_kind = AuditActorKind::System;
  std::optional<domain::UserId> actor_id;  // set exactly when actor_kind is User
  AuditAction action = AuditAction::OrganisationAdded;
  std::optional<domain::OrgId> organisation;
  AuditObjectKind object_kind = AuditObjectKind::None;
  std::string object_id;  // 32 lower-case hex digits, or empty exactly when object_kind is None
  AuditOutcome outcome = AuditOutcome::Ok;
  AuditLink previous_link{};  // all zero for entry 1
  AuditLink link{};
};

// The newest entry's sequence and link; {0, all zero} for an empty log.
struct AuditHead {
  std::int64_t sequence = 0;
  AuditLink link{};
};

std::string_view to_string(AuditAction action);
std::optional<AuditAction> parse_audit_action(std::string_view code);
std::string_view to_string(AuditActorKind kind);
std::optional<AuditActorKind> parse_audit_actor_kind(std::string_view code);
std::string_view to_string(AuditObjectKind kind);  // "" for None
std::optional<AuditObjectKind> parse_audit_object_kind(std::string_view code);
std::string_view to_string(AuditOutcome outcome);
std::optional<AuditOutcome> parse_audit_outcome(std::string_view code);

// Which entries about one object to find (AuditRepository::list_about): those of
// `organisation` about (kind, object_id) with one of `actions` (1 to kMaxAuditQueryActions).
inline constexpr std::size_t kMaxAuditQueryActions = 4;
struct AuditObjectQuery {
  domain::OrgId organisation;
  AuditObjectKind kind = AuditObjectKind::Case;
  std::string object_id;
  std::vector<AuditAction> actions;
};

// No permission checks and no link computation here: app/audit_log.h does both. Errors:
// Unavailable when the database does not answer, Corruption for a row that does not parse,
// Conflict when `append` does not extend the head.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;

  // Reads the chain head and holds it for the rest of the transaction, so no other
  // transaction can append until this one ends (SQLite: the single writer already does;
  // PostgreSQL: SELECT ... FOR UPDATE on the one head row).
  virtual Result<AuditHead> lock_head() = 0;
  // The chain head without locking it (read-only transactions: `haven audit verify`).
  virtual Result<AuditHead> read_head() = 0;
  // Inserts `entry` and moves the head to it. Call only after lock_head in the same
  // transaction, with entry.sequence = head.sequence + 1.
  virtual Result<void> append(AuditEntry const& entry) = 0;
  // At most `limit` entries with sequence > `after_sequence`, ascending; only those of
  // `organisation` when given.
  virtual Result<std::vector<AuditEntry>> list(std::optional<domain::OrgId> const& organisation,
                                               std::int64_t after_sequence, std::size_t limit) = 0;
  // The newest `limit` entries `query` finds, newest first, and how many it finds in all,
  // through an index on the object (never a scan of the whole log). InvalidInput for a
  // query without actions or with more than kMaxAuditQueryActions.
  virtual Result<std::vector<AuditEntry>> list_about(AuditObjectQuery const& query,
                                                     std::size_t limit) = 0;
  virtual Result<std::int64_t> count_about(AuditObjectQuery const& query) = 0;
};

}  // namespace haven::app

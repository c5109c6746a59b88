// The audit log's hash chain (DESIGN.md §2 promise 5; format in docs/formats/audit-chain.md):
// how an entry's link is computed and a streaming verifier that finds the first broken one.
//
// Why keyed: the link is BLAKE2b-256 keyed with the instance's audit key from secrets.toml,
// which is never in the database or its backups. Someone holding only the database (a seized
// disk, a backup, SQL access) can delete or edit rows but cannot recompute the links after
// them, so `haven audit verify` notices. What it does not protect against: someone who also
// holds secrets.toml can rewrite the whole chain consistently; and dropping entries from the
// end leaves a shorter chain that is still valid (the chain head row catches a careless
// deletion, not a careful one). An external anchor of the newest link would close both.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "app/ports/audit_repository.h"
#include "core/result.h"

namespace haven::vault {
class SecretBytes;
}

namespace haven::app {

inline constexpr std::string_view kAuditChainDomain = "haven-audit-v1";

// InvalidInput when `entry` could not have been written by AuditLog: a User actor without an
// id or another actor with one, an object id that is not 32 lower-case hex digits or empty,
// an object id without a kind (or the reverse), a sequence below 1.
Result<void> validate_audit_entry(AuditEntry const& entry);

// The link of `entry` from every field but `link` (previous_link included), keyed with
// `audit_key` (32 bytes: InvalidInput otherwise). Deterministic. Thread-safe.
Result<AuditLink> compute_audit_link(vault::SecretBytes const& audit_key, AuditEntry const& entry);

enum class AuditBreakReason { SequenceGap, PreviousLinkMismatch, LinkMismatch, InvalidEntry };
std::string_view to_string(AuditBreakReason reason);

struct AuditBreak {
  std::int64_t sequence = 0;  // the first entry that does not fit (the expected one for a gap)
  AuditBreakReason reason = AuditBreakReason::LinkMismatch;
};

// Checks entries fed in sequence order, one at a time, holding only the previous link: the
// whole log is never in memory. After the first break it stays broken and reports that one.
// `audit_key` must outlive the verifier. Not thread-safe.
class AuditChainVerifier {
 public:
  explicit AuditChainVerifier(vault::SecretBytes const& audit_key) : key_(audit_key) {}

  // The first break so far (nullopt while intact). Errors only for a bad key (InvalidInput).
  Result<std::optional<AuditBreak>> feed(AuditEntry const& entry);
  // Call after the last entry with the stored chain head: a head that does not name the
  // last entry fed (entries deleted from the end, carelessly) is a break too.
  std::optional<AuditBreak> finish(AuditHead const& head);

  std::int64_t entries_checked() const { return checked_; }
  std::optional<AuditBreak> const& first_break() const { return break_; }

 private:
  vault::SecretBytes const& key_;
  std::int64_t checked_ = 0;
  AuditLink previous_{};
  std::optional<AuditBreak> break_;
};

}  // namespace haven::app

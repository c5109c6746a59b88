#include "app/audit_chain.h"

#include <algorithm>
#include <chrono>
#include <span>
#include <string>

#include "core/hex.h"
#include "vault/digest.h"

namespace haven::app {

namespace {

std::array<std::uint8_t, 8> le64(std::uint64_t value) {
  std::array<std::uint8_t, 8> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return out;
}

std::span<std::uint8_t const> bytes_of(std::string_view text) {
  return {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()};
}

// "user:<id>", "system" or "anonymous" (docs/formats/audit-chain.md).
std::string actor_text(AuditEntry const& entry) {
  std::string out(to_string(entry.actor_kind));
  if (entry.actor_id) out += ":" + entry.actor_id->str();
  return out;
}

}  // namespace

Result<void> validate_audit_entry(AuditEntry const& entry) {
  if (entry.sequence < 1) return make_error(ErrorCode::InvalidInput, "audit sequence below 1");
  if ((entry.actor_kind == AuditActorKind::User) != entry.actor_id.has_value()) {
    return make_error(ErrorCode::InvalidInput, "audit actor id must go with a user actor");
  }
  if ((entry.object_kind == AuditObjectKind::None) != entry.object_id.empty()) {
    return make_error(ErrorCode::InvalidInput, "audit object id must go with an object kind");
  }
  if (!entry.object_id.empty() &&
      (entry.object_id.size() != 32 || !is_lower_hex(entry.object_id))) {
    return make_error(ErrorCode::InvalidInput, "audit object id must be 32 lower-case hex");
  }
  return {};
}

Result<AuditLink> compute_audit_link(vault::SecretBytes const& audit_key, AuditEntry const& entry) {
  auto sequence = le64(static_cast<std::uint64_t>(entry.sequence));
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(entry.at.time_since_epoch());
  auto at = le64(static_cast<std::uint64_t>(millis.count()));
  std::string actor = actor_text(entry);
  std::string org = entry.organisation ? entry.organisation->str() : std::string();
  auto link = vault::keyed_digest_parts(
      audit_key,
      {bytes_of(kAuditChainDomain), sequence, at, bytes_of(actor),
       bytes_of(to_string(entry.action)), bytes_of(org), bytes_of(to_string(entry.object_kind)),
       bytes_of(entry.object_id), bytes_of(to_string(entry.outcome)), entry.previous_link});
  if (!link) return std::move(link).error();
  return *link;
}

std::string_view to_string(AuditBreakReason reason) {
  switch (reason) {
    case AuditBreakReason::SequenceGap:
      return "sequence gap";
    case AuditBreakReason::PreviousLinkMismatch:
      return "previous link does not match the entry before";
    case AuditBreakReason::LinkMismatch:
      return "link does not match the entry's contents";
    case AuditBreakReason::InvalidEntry:
      return "entry is malformed";
  }
  return "unknown";
}

Result<std::optional<AuditBreak>> AuditChainVerifier::feed(AuditEntry const& entry) {
  if (break_) return break_;
  std::int64_t expected = checked_ + 1;
  if (entry.sequence != expected) {
    break_ = AuditBreak{expected, AuditBreakReason::SequenceGap};
    return break_;
  }
  if (!validate_audit_entry(entry)) {
    break_ = AuditBreak{entry.sequence, AuditBreakReason::InvalidEntry};
    return break_;
  }
  if (entry.previous_link != previous_) {
    break_ = AuditBreak{entry.sequence, AuditBreakReason::PreviousLinkMismatch};
    return break_;
  }
  auto link = compute_audit_link(key_, entry);
  if (!link) return std::move(link).error();
  if (*link != entry.link) {
    break_ = AuditBreak{entry.sequence, AuditBreakReason::LinkMismatch};
    return break_;
  }
  previous_ = entry.link;
  checked_ = entry.sequence;
  return break_;
}

std::optional<AuditBreak> AuditChainVerifier::finish(AuditHead const& head) {
  if (break_) return break_;
  if (head.sequence != checked_ || head.link != previous_) {
    // Entries after the last one read were deleted (or the head was edited).
    break_ = AuditBreak{checked_ + 1, AuditBreakReason::SequenceGap};
  }
  return break_;
}

}  // namespace haven::app

#include "app/audit_log.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace haven::app {

AuditEvent AuditEvent::by(Actor const& actor, AuditAction action) {
  AuditEvent event;
  event.action = action;
  if (actor.is_system()) {
    event.actor_kind = AuditActorKind::System;
  } else {
    event.actor_kind = AuditActorKind::User;
    event.actor_id = actor.user_id();
  }
  return event;
}

Result<AuditEntry> AuditLog::append(Transaction& tx, AuditEvent const& event) const {
  AuditEntry entry;
  entry.actor_kind = event.actor_kind;
  entry.actor_id = event.actor_id;
  entry.action = event.action;
  entry.organisation = event.organisation;
  entry.object_kind = event.object_kind;
  entry.object_id = event.object_id;
  entry.outcome = event.outcome;
  // Whole milliseconds: what the database keeps is what the link covers.
  entry.at = std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.now());
  entry.sequence = 1;
  if (auto valid = validate_audit_entry(entry); !valid) return std::move(valid).error();

  auto head = tx.audit().lock_head();
  if (!head) return std::move(head).error();
  entry.sequence = head->sequence + 1;
  entry.previous_link = head->link;
  auto link = compute_audit_link(key_, entry);
  if (!link) return std::move(link).error();
  entry.link = *link;
  if (auto added = tx.audit().append(entry); !added) return std::move(added).error();
  return entry;
}

Result<std::vector<AuditEntry>> AuditLog::list(Store& store, Actor const& actor,
                                               std::optional<domain::OrgId> const& organisation,
                                               std::int64_t after_sequence,
                                               std::size_t limit) const {
  auto allowed = organisation ? authorise(actor, Action::ViewAuditLog, *organisation)
                              : authorise(actor, Action::ViewNetworkAuditLog);
  if (!allowed) return std::move(allowed).error();
  limit = std::min(limit, kMaxAuditPage);
  return store.in_transaction(
      [&](Transaction& tx) { return tx.audit().list(organisation, after_sequence, limit); },
      TransactionMode::ReadOnly);
}

namespace {

Result<AuditHead> read_head(Store& store) {
  return store.in_transaction([](Transaction& tx) { return tx.audit().read_head(); },
                              TransactionMode::ReadOnly);
}

}  // namespace

Result<AuditLog::Verdict> AuditLog::verify(Store& store, Actor const& actor) const {
  if (auto allowed = authorise(actor, Action::ViewNetworkAuditLog); !allowed) {
    return std::move(allowed).error();
  }
  auto head = read_head(store);
  if (!head) return std::move(head).error();
  AuditChainVerifier verifier(key_);
  std::int64_t after = 0;
  while (after < head->sequence && !verifier.first_break()) {
    auto page = store.in_transaction(
        [&](Transaction& tx) { return tx.audit().list(std::nullopt, after, kMaxAuditPage); },
        TransactionMode::ReadOnly);
    if (!page) return std::move(page).error();
    if (page->empty()) break;
    for (auto const& entry : *page) {
      if (entry.sequence > head->sequence) break;
      if (auto fed = verifier.feed(entry); !fed) return std::move(fed).error();
      if (verifier.first_break()) break;
    }
    after = page->back().sequence;
  }
  if (!verifier.first_break()) (void)verifier.finish(*head);
  return Verdict{verifier.entries_checked(), verifier.first_break()};
}

}  // namespace haven::app

#include "app/audit_reader.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

namespace haven::app {

namespace {

// Account entries carry no organisation: they belong to an organisation's log when their
// actor or their object is one of its members.
bool belongs_to(AuditEntry const& entry, domain::OrgId const& org,
                std::set<std::string> const& members) {
  if (entry.organisation) return *entry.organisation == org;
  if (entry.actor_id && members.contains(entry.actor_id->str())) return true;
  return entry.object_kind == AuditObjectKind::User && members.contains(entry.object_id);
}

}  // namespace

Result<AuditPage> AuditReader::organisation_page(Actor const& actor, domain::OrgId const& org,
                                                 std::int64_t after_sequence,
                                                 std::size_t limit) const {
  if (auto allowed = authorise(actor, Action::ViewAuditLog, org); !allowed) {
    return std::move(allowed).error();
  }
  limit = std::clamp<std::size_t>(limit, 1, kMaxAuditPage);
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<AuditPage> {
        auto staff = tx.staff().members_of(org);
        if (!staff) return std::move(staff).error();
        std::set<std::string> members;
        for (StaffMember const& member : *staff) members.insert(member.user.str());

        AuditPage page;
        std::int64_t cursor = after_sequence;
        for (std::size_t scanned = 0; scanned < kMaxAuditScan;) {
          auto batch = tx.audit().list(std::nullopt, cursor, kMaxAuditPage);
          if (!batch) return std::move(batch).error();
          for (AuditEntry& entry : *batch) {
            bool const mine = belongs_to(entry, org, members);
            if (mine && page.entries.size() == limit) {
              page.next_after = page.entries.back().sequence;
              return page;
            }
            cursor = entry.sequence;
            if (mine) page.entries.push_back(std::move(entry));
          }
          if (batch->size() < kMaxAuditPage) return page;
          scanned += batch->size();
        }
        page.next_after = cursor;  // read enough for one request; the rest on the next page
        return page;
      },
      TransactionMode::ReadOnly);
}

Result<AuditPage> AuditReader::network_page(Actor const& actor, std::int64_t after_sequence,
                                            std::size_t limit) const {
  limit = std::clamp<std::size_t>(limit, 1, kMaxAuditPage - 1);
  // One more than asked for: whether a next page exists without a second query.
  auto entries = audit_.list(store_, actor, std::nullopt, after_sequence, limit + 1);
  if (!entries) {
    if (entries.error().code == ErrorCode::PermissionDenied) {
      return make_error(ErrorCode::NotFound, "network audit log: " + entries.error().detail);
    }
    return std::move(entries).error();
  }
  AuditPage page;
  page.entries = std::move(entries).value();
  if (page.entries.size() > limit) {
    page.entries.resize(limit);
    page.next_after = page.entries.back().sequence;
  }
  return page;
}

}  // namespace haven::app

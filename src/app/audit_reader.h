// Reading the audit log page by page for the staff pages (issue 3): one organisation's log
// for its coordinators, the whole network's for network admins. Permission checks are
// app/policy.h's; entries hold only ids and codes, so nothing here needs a key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "app/audit_log.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/result.h"
#include "domain/ids.h"

namespace haven::app {

// Entries of one page, ascending by sequence, and where the next page starts.
struct AuditPage {
  std::vector<AuditEntry> entries;
  std::optional<std::int64_t> next_after;  // nullopt: nothing after this page
};

// How many entries one organisation page reads at most while looking for its own: the
// organisation's entries are mixed with the network's, and a page must stay cheap.
inline constexpr std::size_t kMaxAuditScan = 10 * kMaxAuditPage;

class AuditReader {
 public:
  // The references must outlive the reader. Thread-safe as the store is.
  AuditReader(Store& store, AuditLog const& audit) : store_(store), audit_(audit) {}

  // Up to `limit` (1 to kMaxAuditPage) entries after `after_sequence` of `org`'s log: the
  // entries recorded for the organisation and the account entries (sign-ins, password
  // changes: recorded without an organisation) by or about its current members. After
  // Action::ViewAuditLog: NotFound for outsiders (like an unknown organisation),
  // PermissionDenied for members without the role. Reads at most kMaxAuditScan entries:
  // a page may then be short, even empty, and still have a next one.
  Result<AuditPage> organisation_page(Actor const& actor, domain::OrgId const& org,
                                      std::int64_t after_sequence, std::size_t limit) const;

  // The whole network's log after Action::ViewNetworkAuditLog. Anyone else gets NotFound:
  // to them the page does not exist.
  Result<AuditPage> network_page(Actor const& actor, std::int64_t after_sequence,
                                 std::size_t limit) const;

 private:
  Store& store_;
  AuditLog const& audit_;
};

}  // namespace haven::app

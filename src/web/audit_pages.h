// The audit log as staff read it (issue 3): one organisation's for its coordinators, the
// whole network's for network admins. A table of entries, oldest first, paged by sequence:
// time (UTC), who (a short form of the user id, or the system), the action in the reader's
// language, the object (kind and a short id). Never an IP address or content: entries hold
// none. Who may read which log is app::AuditReader's (app/policy.h) decision.
#pragma once

#include <cstddef>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "app/audit_reader.h"
#include "app/session_service.h"
#include "domain/language.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// Entries per page.
inline constexpr std::size_t kAuditEntriesPerPage = 50;

// GET /staff/orgs/{org}/audit[?after=N]: the organisation's log after entry N. Another
// organisation's id, an unknown one or a malformed one: the same 404; a member without
// the role: 403 (app/policy.h). A malformed ?after is a page that does not exist: 404.
http::Response show_organisation_audit(SiteParts const& site, http::Request& request,
                                       app::SignedInStaff const& staff);

// GET /staff/audit[?after=N]: the network's log; 404 for anyone but network admins.
http::Response show_network_audit(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff);

// Sets "audit_logs" (href, name) and "has_audit_logs" for the staff start page: the logs
// `staff` may read (app/policy.h), each organisation's and the network's.
void add_audit_log_links(SiteParts const& site, app::SignedInStaff const& staff,
                         domain::Language language, kainjow::mustache::data& data);

// The msgid naming `action` in the log, for translation (every AuditAction has one).
std::string_view audit_action_msgid(app::AuditAction action);

}  // namespace haven::web

#include "web/staff_pages.h"

#include <charconv>
#include <optional>
#include <utility>

#include "core/utc_time.h"
#include "web/audit_pages.h"
#include "web/cases_pages.h"
#include "web/client_label.h"
#include "web/deadline_pages.h"
#include "web/error_response.h"
#include "web/member_pages.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

// A notice count from the query (?ended=2); nullopt unless a small non-negative number.
std::optional<long> count_in_query(http::Request const& request, std::string_view name) {
  constexpr long kMaxNoticeCount = 1000;
  auto text = request.query_value(name);
  if (!text || text->empty()) return std::nullopt;
  long value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  if (value < 0 || value > kMaxNoticeCount) return std::nullopt;
  return value;
}

http::Response render(SiteParts const& site, Page page, domain::Language language,
                      kainjow::mustache::data const& data) {
  auto response = http::Response::html(site.pages->render(page, language, data));
  response.headers.set("Content-Language", std::string(domain::code(language)));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

http::Response back_to_sessions(std::size_t ended) {
  auto response = http::Response::see_other("/staff/sessions?ended=" + std::to_string(ended));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

}  // namespace

std::string organisation_name(SiteParts const& site, app::SignedInStaff const& staff,
                              domain::OrgId const& org) {
  if (site.organisations != nullptr) {
    if (auto found = site.organisations->find(staff.actor, org)) return found->details.name;
  }
  return org.str();
}

std::string_view role_msgid(domain::Role role) {
  switch (role) {
    case domain::Role::Coordinator:
      return "Coordinator";
    case domain::Role::Counsellor:
      return "Counsellor";
    case domain::Role::Editor:
      return "Editor";
    case domain::Role::Finance:
      return "Finance";
    case domain::Role::Viewer:
      return "Viewer";
  }
  return "Viewer";
}

http::Response show_staff_home(SiteParts const& site, http::Request& request,
                               app::SignedInStaff const& staff) {
  domain::Language language = staff_language(request, staff);
  auto data = layout_data(request);
  if (auto left = count_in_query(request, "recovery-codes-left")) {
    data.set("recovery_notice",
             site.catalog.translate_plural(
                 language, "You signed in with a recovery code. {count} recovery code is left.",
                 "You signed in with a recovery code. {count} recovery codes are left.", *left));
  }
  kainjow::mustache::list memberships;
  for (domain::Membership const& membership : staff.actor.memberships()) {
    kainjow::mustache::object item;
    item["organisation"] = organisation_name(site, staff, membership.org);
    item["role"] = site.catalog.translate(language, role_msgid(membership.role));
    memberships.emplace_back(std::move(item));
  }
  data.set("has_memberships", !memberships.empty());
  data.set("memberships", memberships);
  data.set("network_admin", staff.actor.is_network_admin());
  add_member_list_links(site, staff, data);
  add_audit_log_links(site, staff, language, data);
  add_case_queue_links(site, staff, data);
  add_agenda(site, language, staff, data);
  return render(site, Page::StaffHome, language, data);
}

http::Response show_own_sessions(SiteParts const& site, http::Request& request,
                                 app::SignedInStaff const& staff) {
  auto sessions = site.sessions->list_own(staff);
  if (!sessions) return respond_with_error(request, sessions.error());
  domain::Language language = staff_language(request, staff);
  auto data = layout_data(request);
  if (auto ended = count_in_query(request, "ended")) {
    data.set("ended_notice", site.catalog.translate_plural(language, "{count} session ended.",
                                                           "{count} sessions ended.", *ended));
  }
  kainjow::mustache::list rows;
  bool has_others = false;
  for (app::SessionSummary const& session : *sessions) {
    kainjow::mustache::object row;
    row["id"] = session.id.str();
    // Labels are brand names (the same in every language) or kUnknownBrowser.
    bool unknown = session.client_label.empty() || session.client_label == kUnknownBrowser;
    row["label"] =
        unknown ? site.catalog.translate(language, kUnknownBrowser) : session.client_label;
    row["created"] = format_utc_minute(session.created_at);
    row["last_used"] = format_utc_minute(session.last_seen_at);
    row["current"] = session.current;
    has_others = has_others || !session.current;
    rows.emplace_back(std::move(row));
  }
  data.set("sessions", rows);
  data.set("has_others", has_others);
  return render(site, Page::StaffSessions, language, data);
}

http::Response end_own_session(SiteParts const& site, http::Request& request,
                               app::SignedInStaff const& staff) {
  auto id = app::SessionId::parse(request.param("id"));
  if (!id) return respond_with_error(request, make_error(ErrorCode::NotFound, "bad session id"));
  if (auto ended = site.sessions->revoke_own(staff, *id); !ended) {
    return respond_with_error(request, ended.error());
  }
  return back_to_sessions(1);
}

http::Response end_other_sessions(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff) {
  auto ended = site.sessions->revoke_other_own(staff);
  if (!ended) return respond_with_error(request, ended.error());
  return back_to_sessions(*ended);
}

}  // namespace haven::web

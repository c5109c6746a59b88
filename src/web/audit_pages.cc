#include "web/audit_pages.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/utc_time.h"
#include "web/error_response.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

// Ids are 32 hex digits; the first 8 tell entries apart on one screen and are short
// enough for a phone. The full id is never needed to read the log.
constexpr std::size_t kShortIdChars = 8;

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

// ?after=N: 0 when absent, nullopt when not a non-negative number.
std::optional<std::int64_t> after_in_query(http::Request const& request) {
  auto text = request.query_value("after");
  if (!text) return 0;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::string short_id(std::string_view id) { return std::string(id.substr(0, kShortIdChars)); }

std::string who(SiteParts const& site, domain::Language language, app::AuditEntry const& entry) {
  switch (entry.actor_kind) {
    case app::AuditActorKind::User:
      return entry.actor_id ? short_id(entry.actor_id->str()) : std::string();
    case app::AuditActorKind::System:
      return site.catalog.translate(language, "System");
    case app::AuditActorKind::Anonymous:
      return site.catalog.translate(language, "Not signed in");
  }
  return {};
}

std::string object(SiteParts const& site, domain::Language language, app::AuditEntry const& entry) {
  switch (entry.object_kind) {
    case app::AuditObjectKind::None:
      return {};
    case app::AuditObjectKind::Organisation:
      return site.catalog.translate(language, "Organisation") + " " + short_id(entry.object_id);
    case app::AuditObjectKind::User:
      return site.catalog.translate(language, "Staff account") + " " + short_id(entry.object_id);
    case app::AuditObjectKind::Case:
      return site.catalog.translate(language, "Case") + " " + short_id(entry.object_id);
  }
  return {};
}

// The page for `page` of entries, whose links lead back to `base` (the page's path).
http::Response render_log(SiteParts const& site, http::Request const& request,
                          app::SignedInStaff const& staff, std::string const& base,
                          std::optional<std::string> organisation, app::AuditPage const& page,
                          std::int64_t after) {
  domain::Language language = staff_language(request, staff);
  auto data = layout_data(request);
  if (organisation) data.set("organisation", *organisation);
  kainjow::mustache::list rows;
  for (app::AuditEntry const& entry : page.entries) {
    kainjow::mustache::object row;
    row["time"] = format_utc_second(entry.at);
    row["who"] = who(site, language, entry);
    row["action"] = site.catalog.translate(language, audit_action_msgid(entry.action));
    row["refused"] = entry.outcome == app::AuditOutcome::Denied;
    row["object"] = object(site, language, entry);
    rows.emplace_back(std::move(row));
  }
  data.set("has_entries", !rows.empty());
  data.set("entries", rows);
  if (after > 0) data.set("first_page", base);
  if (page.next_after) data.set("next_page", base + "?after=" + std::to_string(*page.next_after));
  auto response = http::Response::html(site.pages->render(Page::AuditLog, language, data));
  response.headers.set("Content-Language", std::string(domain::code(language)));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

}  // namespace

void add_audit_log_links(SiteParts const& site, app::SignedInStaff const& staff,
                         domain::Language language, kainjow::mustache::data& data) {
  kainjow::mustache::list links;
  if (site.audit_reader != nullptr) {
    for (domain::Membership const& membership : staff.actor.memberships()) {
      if (!app::authorise(staff.actor, app::Action::ViewAuditLog, membership.org)) continue;
      std::string name = membership.org.str();
      if (site.organisations != nullptr) {
        if (auto found = site.organisations->find(staff.actor, membership.org)) {
          name = found->details.name;
        }
      }
      kainjow::mustache::object link;
      link["href"] = "/staff/orgs/" + membership.org.str() + "/audit";
      link["name"] = std::move(name);
      links.emplace_back(std::move(link));
    }
    if (app::authorise(staff.actor, app::Action::ViewNetworkAuditLog)) {
      kainjow::mustache::object link;
      link["href"] = std::string("/staff/audit");
      link["name"] = site.catalog.translate(language, "The whole network");
      links.emplace_back(std::move(link));
    }
  }
  data.set("has_audit_logs", !links.empty());
  data.set("audit_logs", links);
}

std::string_view audit_action_msgid(app::AuditAction action) {
  using app::AuditAction;
  switch (action) {
    case AuditAction::SignIn:
      return "Sign-in";
    case AuditAction::SignInFailed:
      return "Sign-in refused";
    case AuditAction::SignOut:
      return "Sign-out";
    case AuditAction::RoleChanged:
      return "Role changed";
    case AuditAction::MemberAdded:
      return "Member added";
    case AuditAction::MemberRemoved:
      return "Member removed";
    case AuditAction::UserDisabled:
      return "Account disabled";
    case AuditAction::PasswordReset:
      return "Password reset";
    case AuditAction::OrgKeyGranted:
      return "Organisation key granted";
    case AuditAction::OrgKeyRevoked:
      return "Organisation key revoked";
    case AuditAction::OrganisationAdded:
      return "Organisation added";
    case AuditAction::SessionsRevoked:
      return "Sessions ended";
    case AuditAction::PasswordChanged:
      return "Password changed";
    case AuditAction::TotpEnrolled:
      return "Authenticator app set up";
    case AuditAction::RecoveryCodesRenewed:
      return "New recovery codes made";
    case AuditAction::RecoveryCodeUsed:
      return "Recovery code used";
    case AuditAction::InvitationIssued:
      return "Invitation issued";
    case AuditAction::InvitationAccepted:
      return "Invitation accepted";
    case AuditAction::PasswordResetIssued:
      return "Password reset link issued";
    case AuditAction::CaseCreated:
      return "Case created";
    case AuditAction::CaseOpened:
      return "Case opened";
    case AuditAction::CaseNoteAdded:
      return "Note added to case";
    case AuditAction::CaseStatusChanged:
      return "Case status changed";
    case AuditAction::CaseAssigned:
      return "Case assignment changed";
    case AuditAction::DocumentAdded:
      return "Document added to case";
    case AuditAction::DocumentRead:
      return "Case document read";
    case AuditAction::PersonChanged:
      return "Person on case changed";
    case AuditAction::ContactLookedUp:
      return "Contact handle looked up";
    case AuditAction::DeadlineSet:
      return "Deadline set on case";
    case AuditAction::DeadlineDone:
      return "Case deadline marked done";
  }
  return "Unknown action";
}

http::Response show_organisation_audit(SiteParts const& site, http::Request& request,
                                       app::SignedInStaff const& staff) {
  if (site.audit_reader == nullptr) return not_found();
  auto org = domain::OrgId::parse(request.param("org"));
  if (!org) return respond_with_error(request, make_error(ErrorCode::NotFound, "bad org id"));
  auto after = after_in_query(request);
  if (!after) return respond_with_error(request, make_error(ErrorCode::NotFound, "bad ?after"));
  auto page = site.audit_reader->organisation_page(staff.actor, *org, *after, kAuditEntriesPerPage);
  if (!page) return respond_with_error(request, page.error());
  // A network admin may read any organisation's log, so an unknown id gets this far: it
  // answers like another organisation's does for a coordinator.
  std::string name = org->str();
  if (site.organisations != nullptr) {
    auto found = site.organisations->find(staff.actor, *org);
    if (!found) return respond_with_error(request, found.error());
    name = found->details.name;
  }
  return render_log(site, request, staff, "/staff/orgs/" + org->str() + "/audit", name, *page,
                    *after);
}

http::Response show_network_audit(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff) {
  if (site.audit_reader == nullptr) return not_found();
  auto after = after_in_query(request);
  if (!after) return respond_with_error(request, make_error(ErrorCode::NotFound, "bad ?after"));
  auto page = site.audit_reader->network_page(staff.actor, *after, kAuditEntriesPerPage);
  if (!page) return respond_with_error(request, page.error());
  return render_log(site, request, staff, "/staff/audit", std::nullopt, *page, *after);
}

}  // namespace haven::web

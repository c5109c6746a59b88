#include "web/routes.h"

#include <cassert>

#include "web/account_link_pages.h"
#include "web/audit_pages.h"
#include "web/case_page.h"
#include "web/case_person.h"
#include "web/cases_pages.h"
#include "web/deadline_pages.h"
#include "web/document_pages.h"
#include "web/error_response.h"
#include "web/hotline_pages.h"
#include "web/language_switch.h"
#include "web/member_pages.h"
#include "web/operator_endpoints.h"
#include "web/own_account_pages.h"
#include "web/public_pages.h"
#include "web/sign_in_pages.h"
#include "web/staff_pages.h"
#include "web/staff_session.h"

namespace haven::web {
namespace {

using http::Csrf;
using http::Method;

// Requests that should carry no body get a cap that still admits an empty one.
constexpr std::size_t kNoBody = 0;
constexpr std::size_t kLanguageFormBytes = 4 * 1024;
// Email (254), password (up to 1,024 bytes, tripled by percent-encoding), code and token.
constexpr std::size_t kSignInFormBytes = 8 * 1024;
// A new password twice (up to 1,024 bytes each, tripled by percent-encoding), code, token.
constexpr std::size_t kAccountLinkFormBytes = 8 * 1024;
// An invitation: email (254 bytes, tripled by percent-encoding), role, language, token.
constexpr std::size_t kInviteFormBytes = 4 * 1024;
// Forms whose only field is the CSRF token.
constexpr std::size_t kTokenFormBytes = 1024;
// The current password and the new one twice (up to 1,024 bytes each, tripled by
// percent-encoding) and the token.
constexpr std::size_t kPasswordChangeFormBytes = 12 * 1024;
// A new case: the summary (app::kMaxCaseTextChars code points, up to 4 bytes each, tripled
// by percent-encoding: 240 KiB) and a handful of short fields.
constexpr std::size_t kNewCaseFormBytes = 244 * 1024;
// A note or call record: the text as for a new case's summary, its kind and the token.
constexpr std::size_t kNoteFormBytes = 241 * 1024;
// A hotline call: the summary as for a new case's, the number, the new case's few fields,
// the callback's date and time and the one-time form id.
constexpr std::size_t kCallFormBytes = 244 * 1024;
// A version and a member id or a status and outcome (an assignment, taking a case) and the token.
constexpr std::size_t kCaseChangeFormBytes = 1024;
// The person: alias (80 code points), names (300) and documents (2,000), up to 4 bytes each
// and tripled by percent-encoding (28,560 bytes), a date, 11 handles of up to 256 bytes
// tripled (8,448 bytes), their kinds, the version and the token.
constexpr std::size_t kPersonFormBytes = 40 * 1024;
// A deadline: the note (domain::kMaxDeadlineNoteChars code points, up to 4 bytes each,
// tripled by percent-encoding: 24,000 bytes), kind, date, time, the past box and the token.
constexpr std::size_t kDeadlineFormBytes = 25 * 1024;

// clang-format off
constexpr RouteRow kRoutes[] = {
  // method        pattern                        handler             access          CSRF               audit        max body
  {Method::Get,  "/",                           show_home,          Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/language",                   switch_language,    Access::Public, Csrf::Required,    Audit::None, kLanguageFormBytes},
  {Method::Get,  "/static/{path...}",           serve_asset,        Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/favicon.ico",                serve_favicon,      Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/healthz",                    report_health,      Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/metrics",                    export_metrics,     Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/api/v1",                     show_api_index,     Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/sign-in",                    show_sign_in,       Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/sign-in",                    sign_in,            Access::Public, Csrf::Required,    Audit::None, kSignInFormBytes},
  {Method::Get,  "/welcome/{link}",             show_invitation,    Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/welcome/{link}",             accept_invitation,  Access::Public, Csrf::Required,    Audit::None, kAccountLinkFormBytes},
  {Method::Get,  "/reset/{link}",               show_reset,         Access::Public, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/reset/{link}",               accept_reset,       Access::Public, Csrf::Required,    Audit::None, kAccountLinkFormBytes},
  {Method::Post, "/sign-out",                   sign_out,           Access::Staff,  Csrf::Required,    Audit::None, kTokenFormBytes},
  {Method::Get,  "/staff",                      show_staff_home,    Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/staff/sessions",             show_own_sessions,  Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/staff/sessions/{id}/end",    end_own_session,    Access::Staff,  Csrf::Required,    Audit::None, kTokenFormBytes},
  {Method::Post, "/staff/sessions/end-others",  end_other_sessions, Access::Staff,  Csrf::Required,    Audit::None, kTokenFormBytes},
  {Method::Get,  "/staff/account",              show_own_account,   Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/staff/account/password",     change_own_password, Access::Staff, Csrf::Required,    Audit::None, kPasswordChangeFormBytes},
  {Method::Post, "/staff/account/recovery-codes", renew_own_recovery_codes, Access::Staff, Csrf::Required, Audit::None, kTokenFormBytes},
  {Method::Get,  "/staff/orgs/{org}/audit",     show_organisation_audit, Access::Staff, Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/staff/audit",                show_network_audit, Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/staff/orgs/{org}/members",   show_members,       Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/staff/orgs/{org}/members/invite", invite_member, Access::Staff, Csrf::Required,   Audit::None, kInviteFormBytes},
  {Method::Post, "/staff/orgs/{org}/members/{member}/reset", reset_member_password, Access::Staff, Csrf::Required, Audit::None, kTokenFormBytes},
  {Method::Post, "/staff/orgs/{org}/members/{member}/grant", grant_member_access, Access::Staff, Csrf::Required, Audit::None, kTokenFormBytes},
  {Method::Post, "/staff/orgs/{org}/members/{member}/end-sessions", end_member_sessions, Access::Staff, Csrf::Required, Audit::None, kTokenFormBytes},
  {Method::Post, "/staff/orgs/{org}/members/{member}/disable", disable_member, Access::Staff, Csrf::Required, Audit::None, kTokenFormBytes},
  // Case use cases audit themselves, in the transaction of the change (app::CaseService).
  {Method::Get,  "/staff/orgs/{org}/cases",     show_cases,         Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Get,  "/staff/orgs/{org}/cases/new", show_new_case,      Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/staff/orgs/{org}/cases/new", create_case,        Access::Staff,  Csrf::Required,    Audit::None, kNewCaseFormBytes},
  // app::HotlineCalls audits what the call writes (case, entry, person, deadline).
  {Method::Get,  "/staff/orgs/{org}/calls/new", show_new_call,      Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/staff/orgs/{org}/calls/new", log_call,           Access::Staff,  Csrf::Required,    Audit::None, kCallFormBytes},
  {Method::Get,  "/staff/orgs/{org}/cases/{case}", show_case,       Access::Staff,  Csrf::NotRequired, Audit::None, kNoBody},
  {Method::Post, "/staff/orgs/{org}/cases/{case}/notes", add_case_note, Access::Staff, Csrf::Required, Audit::None, kNoteFormBytes},
  {Method::Post, "/staff/orgs/{org}/cases/{case}/status", change_case_status, Access::Staff, Csrf::Required, Audit::None, kCaseChangeFormBytes},
  {Method::Post, "/staff/orgs/{org}/cases/{case}/assign", assign_case, Access::Staff, Csrf::Required, Audit::None, kCaseChangeFormBytes},
  {Method::Post, "/staff/orgs/{org}/cases/{case}/person", save_case_person, Access::Staff, Csrf::Required, Audit::None, kPersonFormBytes},
  // app::CaseDeadlines audits deadline_set and deadline_done in the transaction of the change.
  {Method::Post, "/staff/orgs/{org}/cases/{case}/deadlines", set_case_deadline, Access::Staff, Csrf::Required, Audit::None, kDeadlineFormBytes},
  {Method::Post, "/staff/orgs/{org}/cases/{case}/deadlines/{deadline}/done", mark_deadline_done, Access::Staff, Csrf::Required, Audit::None, kTokenFormBytes},
  // app::CaseDocuments audits document_added and every download (document_read).
  {Method::Post, "/staff/orgs/{org}/cases/{case}/documents", upload_case_document, Access::Staff, Csrf::Required, Audit::None, kDocumentFormBytes},
  {Method::Get,  "/staff/orgs/{org}/cases/{case}/documents/{document}", download_case_document, Access::Staff, Csrf::NotRequired, Audit::None, kNoBody},
};
// clang-format on

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

// Access::Staff, in one place: the session is resolved before the handler and anyone
// without a valid one goes to /sign-in, whatever the method.
http::Response run_as_staff(SiteParts const& site, http::Request& request, StaffHandler handler) {
  if (site.sessions == nullptr) return not_found();
  auto staff = resolve_staff(site, request);
  if (!staff) {
    if (staff.error().code == ErrorCode::Unauthenticated) return send_to_sign_in(site, request);
    return respond_with_error(request, staff.error());
  }
  auto response = handler(site, request, *staff);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

// Access::Staff for a deferred handler: the same resolution as run_as_staff, on the I/O
// thread; only the handler's own answer comes later.
void run_deferred_as_staff(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                           http::Respond respond, DeferredStaffHandler handler) {
  if (site->sessions == nullptr) return respond(not_found());
  auto staff = resolve_staff(*site, request);
  if (!staff) {
    if (staff.error().code == ErrorCode::Unauthenticated) {
      return respond(send_to_sign_in(*site, request));
    }
    return respond(respond_with_error(request, staff.error()));
  }
  handler(site, request, *staff, [respond = std::move(respond)](http::Response response) {
    response.headers.set("Cache-Control", "no-store");
    respond(std::move(response));
  });
}

}  // namespace

std::span<RouteRow const> route_table() { return kRoutes; }

http::Router make_router(std::shared_ptr<SiteParts const> site) {
  http::Router router;
  for (RouteRow const& row : route_table()) {
    http::Route route{.method = row.method,
                      .pattern = std::string(row.pattern),
                      .csrf = row.csrf,
                      .max_body_bytes = row.max_body_bytes};
    if (SiteHandler handler = row.handler.site()) {
      assert(row.access == Access::Public);
      route.handler = [site, handler](http::Request& request) { return handler(*site, request); };
    } else if (StaffHandler handler = row.handler.staff()) {
      assert(row.access == Access::Staff);
      route.handler = [site, handler](http::Request& request) {
        return run_as_staff(*site, request, handler);
      };
    } else if (DeferredStaffHandler handler = row.handler.deferred_staff()) {
      assert(row.access == Access::Staff);
      route.deferred = [site, handler](http::Request& request, http::Respond respond) {
        run_deferred_as_staff(site, request, std::move(respond), handler);
      };
    } else {
      assert(row.access == Access::Public);
      route.deferred = [site, handler = row.handler.deferred()](http::Request& request,
                                                                http::Respond respond) {
        handler(site, request, std::move(respond));
      };
    }
    router.add(std::move(route));
  }
  return router;
}

}  // namespace haven::web

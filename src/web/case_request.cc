#include "web/case_request.h"

#include <charconv>
#include <utility>

#include "app/case_service.h"
#include "web/cases_pages.h"
#include "web/error_response.h"
#include "web/staff_session.h"

namespace haven::web {

std::string cases_path(domain::OrgId const& org) { return "/staff/orgs/" + org.str() + "/cases"; }

std::string case_path(domain::OrgId const& org, domain::CaseId const& id) {
  return cases_path(org) + "/" + id.str();
}

Result<domain::OrgId> org_in_path(http::Request const& request) {
  auto org = domain::OrgId::parse(request.param("org"));
  if (!org) return make_error(ErrorCode::NotFound, "malformed organisation id");
  return *org;
}

Result<domain::CaseId> case_in_path(http::Request const& request) {
  auto id = domain::CaseId::parse(request.param("case"));
  if (!id) return make_error(ErrorCode::NotFound, "malformed case id");
  return *id;
}

Result<CasePost> read_case_post(http::Request const& request) {
  auto org = org_in_path(request);
  if (!org) return std::move(org).error();
  auto id = case_in_path(request);
  if (!id) return std::move(id).error();
  auto form = http::parse_form(request);
  if (!form) return std::move(form).error();
  return CasePost{.org = *org, .id = *id, .form = std::move(form).value()};
}

std::optional<std::int64_t> version_in(http::Form const& form) {
  std::int64_t version = 0;
  std::string_view typed = form.get("version").value_or("");
  auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), version);
  if (error != std::errc() || end != typed.data() + typed.size() || typed.empty()) {
    return std::nullopt;
  }
  return version;
}

Result<vault::Keypair> reader_key(SiteParts const& site, http::Request const& request,
                                  app::SignedInStaff const& staff) {
  auto cookie = session_cookie(site, request);
  if (!cookie) return make_error(ErrorCode::Unauthenticated, "no cookie");
  return site.sessions->unlock_user_key(staff, *cookie);
}

std::string with_unix_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out.push_back(text[i]);
  }
  return out;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

http::Response render_private_page(SiteParts const& site, Page page, domain::Language language,
                                   kainjow::mustache::data const& data, unsigned status) {
  auto response = http::Response::html(site.pages->render(page, language, data), status);
  response.headers.set("Content-Language", std::string(domain::code(language)));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

http::Response see_other_private(std::string const& location) {
  auto response = http::Response::see_other(location);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

http::Response refusal_page(SiteParts const& site, http::Request const& request,
                            app::SignedInStaff const& staff, domain::OrgId const& org,
                            Error const& failure, RefusalPages const& pages) {
  if (failure.code == ErrorCode::PermissionDenied && failure.detail == app::kNoOrgKeyGrant) {
    if (pages.no_key) return pages.no_key();
    return render_case_queue(site, request, staff, org, kNoCaseAccessMsgid, 403);
  }
  if (failure.code == ErrorCode::InvalidInput && pages.invalid_input) {
    return pages.invalid_input(failure);
  }
  if (failure.code == ErrorCode::Conflict && pages.conflict) return pages.conflict(failure);
  return respond_with_error(request, failure);
}

}  // namespace haven::web

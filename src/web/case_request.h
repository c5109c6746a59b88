// What every case page handler reads from a request and how it answers: the ids in the
// path (a malformed one is the same 404 as another organisation's), the version of a
// change form, the reader's unlocked key, textarea text, the case paths, the private
// (never cached) page and redirect, and the page for a refusal of a case use case.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "app/session_service.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "http/form.h"
#include "http/message.h"
#include "web/page_templates.h"
#include "web/site_parts.h"

namespace haven::web {

// What a member without a grant of the organisation key reads wherever cases are refused.
inline constexpr std::string_view kNoCaseAccessMsgid =
    "You cannot work on cases yet: a coordinator must grant you access to the organisation's "
    "key first.";

std::string cases_path(domain::OrgId const& org);
std::string case_path(domain::OrgId const& org, domain::CaseId const& id);

// NotFound for a malformed id, exactly like another organisation's or a missing one.
Result<domain::OrgId> org_in_path(http::Request const& request);
Result<domain::CaseId> case_in_path(http::Request const& request);

// A form posted to a case page: the organisation and case its path names, and its fields.
struct CasePost {
  domain::OrgId org;
  domain::CaseId id;
  http::Form form;
};
// NotFound for a malformed id (as in org_in_path), the form's own error for a bad body.
Result<CasePost> read_case_post(http::Request const& request);

// The form's "version" field; nullopt when missing or not a whole number.
std::optional<std::int64_t> version_in(http::Form const& form);

// The signed-in member's secret key, unlocked with the session cookie's secret.
Result<vault::Keypair> reader_key(SiteParts const& site, http::Request const& request,
                                  app::SignedInStaff const& staff);

// Browsers send textarea line breaks as CRLF; the case services refuse a bare CR.
std::string with_unix_newlines(std::string_view text);

// True when nothing but spaces, tabs and line breaks was typed.
bool is_blank(std::string_view text);

// A staff page: rendered in `language`, Content-Language set, never stored by a cache.
http::Response render_private_page(SiteParts const& site, Page page, domain::Language language,
                                   kainjow::mustache::data const& data, unsigned status);

// 303 to `location` after a change, never stored by a cache.
http::Response see_other_private(std::string const& location);

// 404 with an empty body: the error renderer writes the page, the same for every cause.
http::Response not_found();

// What a case page shows when its use case refuses: each handler knows its own form, the
// rest is answered the same on every case page.
struct RefusalPages {
  // InvalidInput: the page with the form as typed and what is wrong with it (400).
  std::function<http::Response(Error const&)> invalid_input = {};
  // Conflict, a stale version: the page as it stands now (409).
  std::function<http::Response(Error const&)> conflict = {};
  // No grant of the organisation key; unset: the queue saying a coordinator must grant
  // access (403).
  std::function<http::Response()> no_key = {};
};

// `failure` as a page of `org`'s cases: the answers in `pages` where they are set, every
// other error (NotFound, another organisation's case too) through the one error map.
http::Response refusal_page(SiteParts const& site, http::Request const& request,
                            app::SignedInStaff const& staff, domain::OrgId const& org,
                            Error const& failure, RefusalPages const& pages = {});

}  // namespace haven::web

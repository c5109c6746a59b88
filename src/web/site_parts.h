// Everything the site's handlers read, built once by Site::create and shared (immutable)
// by every request thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "app/account_links.h"
#include "app/audit_reader.h"
#include "app/case_deadlines.h"
#include "app/case_documents.h"
#include "app/case_people.h"
#include "app/case_service.h"
#include "app/health_check.h"
#include "app/hotline_calls.h"
#include "app/key_grants.h"
#include "app/organisation_service.h"
#include "app/own_account.h"
#include "app/session_service.h"
#include "app/sign_in.h"
#include "app/staff_service.h"
#include "core/result.h"
#include "domain/language.h"
#include "http/metrics.h"
#include "http/static_files.h"
#include "i18n/catalog.h"
#include "web/error_pages.h"
#include "web/page_templates.h"

namespace haven::web {

struct SiteParts {
  i18n::Catalog catalog;
  // Members carry initializers so designated initialization may name only some.
  http::StaticFiles assets{};  // served under /static/
  std::unique_ptr<PageTemplates> pages{};
  std::unique_ptr<ErrorPages> error_pages{};
  std::function<Result<app::HealthReport>()> check_health{};
  http::Metrics* metrics = nullptr;
  std::string metrics_token{};
  bool secure_transport = false;
  // Staff sign-in and sessions (SiteConfig says who owns them); nullptr: those routes 404.
  app::SignInService* sign_in = nullptr;
  app::SessionService* sessions = nullptr;
  app::OrganisationService* organisations = nullptr;
  // Account links (/welcome, /reset), a coordinator's member pages, the own account page.
  app::AccountLinks* account_links = nullptr;
  app::StaffService* staff = nullptr;
  app::KeyGrants* key_grants = nullptr;
  app::OwnAccount* own_account = nullptr;
  // The audit log pages.
  app::AuditReader* audit_reader = nullptr;
  // The case pages.
  app::CaseService* cases = nullptr;
  // The person on each case (nullptr: the case page has no person section).
  app::CasePeople* case_people = nullptr;
  // Deadlines on the case page and the agenda on the staff home.
  app::CaseDeadlines* deadlines = nullptr;
  // Documents and "who opened this case" on the case page.
  app::CaseDocuments* documents = nullptr;
  // The hotline call form (nullptr: its routes 404).
  app::HotlineCalls* hotline = nullptr;
};

// `msgid` in `language` through the site's catalog: what every page handler says.
inline std::string translate(SiteParts const& site, domain::Language language,
                             std::string_view msgid) {
  return site.catalog.translate(language, msgid);
}

}  // namespace haven::web

// The public site, API index and operator endpoints wired together: the one entry point
// the composition root (cli/serve.cc) calls. Build once at start-up:
//
//   web::SiteConfig config;
//   config.check_health = [&health] { return health.check(); };
//   config.metrics = &metrics;
//   config.metrics_token = token;
//   config.sign_in = &sign_in;    // staff routes; leave nullptr for a public-only site
//   config.sessions = &sessions;
//   auto site = web::Site::create(std::move(config));
//   if (!site.ok()) fail(site.error());
//   auto server = http::Server::start(options, site->router(), site->error_renderer());
#pragma once

#include <functional>
#include <memory>
#include <string>

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
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"

namespace haven::web {

struct SiteParts;

struct SiteConfig {
  // GET /healthz asks this; unset, /healthz answers 503.
  std::function<Result<app::HealthReport>()> check_health{};
  // GET /metrics renders this; nullptr, /metrics is 404. Must outlive the server.
  http::Metrics* metrics = nullptr;
  // The Bearer token GET /metrics requires; empty: metrics are served to nobody.
  std::string metrics_token{};
  // TLS in front of Haven: the language cookie gets Secure. Match ServerOptions.
  bool secure_transport = false;
  // Staff sign-in (/sign-in, /sign-out, /staff...). Each must outlive the server and every
  // sign-in still running on the password hasher; when sign_in or sessions is nullptr the
  // staff routes answer 404, so a public-only site (and its tests) needs neither.
  // organisations names the member's organisations on /staff (nullptr: ids are shown).
  app::SignInService* sign_in = nullptr;
  app::SessionService* sessions = nullptr;
  app::OrganisationService* organisations = nullptr;
  // Following invitation and reset links, a coordinator's pages on members, the own account
  // page. Each must outlive the server; nullptr: the routes that need it answer 404.
  app::AccountLinks* account_links = nullptr;
  app::StaffService* staff = nullptr;
  app::KeyGrants* key_grants = nullptr;
  app::OwnAccount* own_account = nullptr;
  // The audit log pages (one organisation's, the network's); nullptr: they answer 404.
  app::AuditReader* audit_reader = nullptr;
  // The case pages (queues, new case); nullptr: they answer 404.
  app::CaseService* cases = nullptr;
  // The person on each case and "contacted us before"; nullptr: no person section.
  app::CasePeople* case_people = nullptr;
  // Deadlines (case page section, staff home agenda); nullptr: left out, their posts 404.
  app::CaseDeadlines* deadlines = nullptr;
  // Documents and "who opened this case" (case page section, upload, download); nullptr:
  // the sections are left out and the routes 404.
  app::CaseDocuments* documents = nullptr;
  // The hotline call form (issue 4 §6); nullptr: its routes answer 404.
  app::HotlineCalls* hotline = nullptr;
};

class Site {
 public:
  // Loads the catalogs, compiles every page in every language and loads the assets: the
  // expensive work happens here, once. Internal when an embedded file is missing or broken.
  static Result<Site> create(SiteConfig config);

  // The route table as a router. Its handlers share the site's state, so the Router may
  // outlive this object. Call once per server.
  http::Router router() const;
  // Error pages in the visitor's language, JSON under /api/. Also keeps the state alive.
  http::ErrorRenderer error_renderer() const;

 private:
  explicit Site(std::shared_ptr<SiteParts const> parts) : parts_(std::move(parts)) {}
  std::shared_ptr<SiteParts const> parts_;
};

}  // namespace haven::web

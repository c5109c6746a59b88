// Shared set-up of the staff page tests (sign-in, account links, members, own account,
// audit log, cases, …): the real http::Server on port 0 with the real use cases on SQLite
// in a temp dir, weak Argon2id parameters, a fake clock, two organisations and a small
// browser (cookie jar, CSRF token, forms). Derived fixtures hand more services to the site
// in configure().
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/account_links.h"
#include "app/audit_log.h"
#include "app/audit_reader.h"
#include "app/client_throttle.h"
#include "app/key_grants.h"
#include "app/organisation_service.h"
#include "app/own_account.h"
#include "app/session_service.h"
#include "app/sign_in.h"
#include "app/staff_service.h"
#include "browser_session.h"
#include "fake_clock.h"
#include "http/server.h"
#include "http_client.h"
#include "seeded_random.h"
#include "site_fixture.h"
#include "storage/open_store.h"
#include "temp_dir.h"
#include "vault/password_hasher.h"
#include "vault/totp.h"
#include "web/site.h"

namespace haven::testing {

inline constexpr char kStaffPassword[] = "correct horse battery staple";

// The browser of these tests: cookie jar, headers, form encoding (browser_session.h).
using Browser = BrowserSession;

// The same page but for the error reference, which names the request.
inline std::string without_reference(std::string body) {
  auto at = body.find("<p class=\"reference\">");
  return at == std::string::npos ? body : body.substr(0, at) + body.substr(body.find("</p>", at));
}

// The one 404 whatever the cause: `response` (to the request called `name`) is a 404 and,
// but for the reference, the same page of the same type as `first`, the first of the set
// (kept there, without its reference).
inline void expect_same_404(std::optional<ClientResponse>& first, ClientResponse response,
                            std::string_view name) {
  EXPECT_EQ(response.status, 404u) << name;
  response.body = without_reference(response.body);
  if (!first) {
    first = std::move(response);
    return;
  }
  EXPECT_EQ(response.body, first->body) << name;
  EXPECT_EQ(response.header("content-type"), first->header("content-type")) << name;
}

class AccountPagesTest : public ::testing::Test {
 protected:
  // How many password changes may wait for the own account's hasher; 0: every one is
  // refused as if the hasher were busy (sign-in keeps a hasher of its own here).
  virtual std::size_t password_change_queue() const { return 8; }
  // More services for the site, set up after the fixture's own (they may use them).
  virtual void configure(web::SiteConfig& /*config*/) {}
  // HTTPS deployments: __Host- cookie names and Secure cookies.
  virtual bool secure_transport() const { return false; }
  std::string session_cookie_name() const {
    return secure_transport() ? "__Host-haven_session" : "haven_session";
  }
  std::string csrf_cookie_name() const { return secure_transport() ? "__Host-csrf" : "csrf"; }

  void SetUp() override {
    storage::StoreConfig config;
    config.url = "sqlite://" + (dir_.path() / "haven.db").string();
    config.clock = &clock_;
    config.random = &random_;
    auto opened = storage::open_store(config);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(opened).value();
    audit_.emplace(clock_, audit_key_);
    staff_.emplace(*store_, clock_, random_, *audit_, pepper_, vault::PasswordParams::for_tests());
    organisations_.emplace(*store_, clock_, random_, *audit_);
    throttle_.emplace(app::kFailuresPerClientWindow, app::kFailureWindow);
    hasher_ = std::make_unique<vault::PasswordHasher>(2, 32);
    sign_in_.emplace(*store_, clock_, random_, *audit_, pepper_, *hasher_,
                     vault::PasswordParams::for_tests(), *throttle_);
    sessions_.emplace(*store_, clock_, *audit_);
    account_hasher_ = std::make_unique<vault::PasswordHasher>(1, password_change_queue());
    own_account_.emplace(*store_, clock_, *audit_, pepper_, *account_hasher_,
                         vault::PasswordParams::for_tests());
    audit_reader_.emplace(*store_, *audit_);
    // Built always, handed to the site only by fixtures whose configure() asks for them.
    links_.emplace(*store_, clock_, random_, *audit_, pepper_, *hasher_,
                   vault::PasswordParams::for_tests());
    grants_.emplace(*store_, clock_, *audit_);
    org_a_ = add_organisation("Connection e.V.");
    org_b_ = add_organisation("Antiwar Collective");

    web::SiteConfig site_config;
    site_config.secure_transport = secure_transport();
    site_config.sign_in = &*sign_in_;
    site_config.sessions = &*sessions_;
    site_config.organisations = &*organisations_;
    site_config.own_account = &*own_account_;
    site_config.audit_reader = &*audit_reader_;
    configure(site_config);
    auto site = make_site(std::move(site_config));
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.secure_transport = secure_transport();
    options.random = &random_;
    options.sign_csrf = [](std::string_view cookie) { return "signed-" + std::string(cookie); };
    auto server = http::Server::start(options, site.router(), site.error_renderer());
    ASSERT_TRUE(server.ok()) << server.error().detail;
    server_ = std::move(server.value());
  }

  void TearDown() override {
    // The order serve_command keeps: no more requests, then no more hashing, then the rest.
    if (server_) server_->stop();
    server_.reset();
    hasher_.reset();
    account_hasher_.reset();
  }

  domain::OrgId add_organisation(std::string name) {
    auto org = organisations_->add(
        app::Actor::system(),
        domain::OrganisationDetails{.name = std::move(name),
                                    .country = "DE",
                                    .city = "Offenbach",
                                    .languages = {domain::Language::Ru},
                                    .kind = domain::OrganisationKind::MemberOrganisation});
    if (!org.ok()) throw std::runtime_error("add organisation: " + org.error().detail);
    return org->id;
  }

  struct Member {
    domain::UserId id = *domain::UserId::parse(std::string(32, '0'));
    vault::SecretBytes totp_secret;
    std::string email;
    std::string password = kStaffPassword;
  };
  Member add_member(domain::OrgId const& org, std::string email, std::string role) {
    auto added = staff_->add_member(
        app::Actor::system(),
        app::NewStaffMember{
            .org = org,
            .role = std::move(role),
            .email = email,
            .password = vault::SecretBytes::copy_of(
                {reinterpret_cast<std::uint8_t const*>(kStaffPassword), sizeof kStaffPassword - 1}),
            .language = domain::Language::En});
    if (!added.ok()) throw std::runtime_error("add_member: " + added.error().detail);
    return Member{added->id, std::move(added->totp_secret), std::move(email)};
  }
  void make_network_admin(Member const& member) {
    auto made = store_->in_transaction([&](app::Transaction& tx) {
      return tx.staff().set_network_admin(member.id, domain::NetworkAdmin::Yes, clock_.now());
    });
    if (!made.ok()) throw std::runtime_error("set_network_admin: " + made.error().detail);
  }

  std::string code_for(Member const& member) {
    auto step = vault::totp_step_at(clock_.now());
    auto code = vault::totp_code(member.totp_secret, *step);
    if (!code.ok()) throw std::runtime_error("totp_code");
    return *code;
  }

  ClientResponse send(Browser& browser, std::string request_line, std::string body = {}) {
    return browser.send(server_->port(), std::move(request_line), std::move(body));
  }
  ClientResponse get(Browser& browser, std::string const& path) {
    return send(browser, "GET " + path + " HTTP/1.1");
  }
  // A form POST with the token the browser's CSRF cookie signs (fetching a page first
  // when it has none yet).
  ClientResponse post(Browser& browser, std::string const& path,
                      std::vector<std::pair<std::string, std::string>> fields = {}) {
    if (!browser.cookies.contains(csrf_cookie_name())) get(browser, "/sign-in");
    std::string body = "csrf=" + form_encode("signed-" + browser.cookies[csrf_cookie_name()]);
    for (auto const& [name, value] : fields) body += "&" + name + "=" + form_encode(value);
    return send(browser, "POST " + path + " HTTP/1.1", body);
  }
  ClientResponse sign_in(Browser& browser, Member const& member, std::string const& password,
                         std::string const& code) {
    auto response = post(browser, "/sign-in",
                         {{"email", member.email}, {"password", password}, {"code", code}});
    clock_.advance(vault::kTotpStep);  // every TOTP step is single use
    return response;
  }
  // Signs `member` in with their password and the current TOTP code; checks that it worked.
  void sign_in_ok(Browser& browser, Member const& member) {
    auto response = sign_in(browser, member, member.password, code_for(member));
    ASSERT_EQ(response.status, 303u) << response.body;
    ASSERT_EQ(response.header("location"), "/staff");
  }
  // A new browser with `member` signed in (checked).
  Browser signed_in(Member const& member) {
    Browser browser;
    sign_in_ok(browser, member);
    EXPECT_TRUE(browser.cookies.contains(session_cookie_name()));
    return browser;
  }

  TempDir dir_;
  FakeClock clock_;
  SeededRandom random_{23};
  vault::SecretBytes pepper_ = vault::SecretBytes::random(32);
  vault::SecretBytes audit_key_ = vault::SecretBytes::random(32);
  std::unique_ptr<app::Store> store_;
  std::optional<app::AuditLog> audit_;
  std::optional<app::StaffService> staff_;
  std::optional<app::OrganisationService> organisations_;
  std::optional<app::ClientThrottle> throttle_;
  std::optional<app::SignInService> sign_in_;
  std::optional<app::SessionService> sessions_;
  std::optional<app::OwnAccount> own_account_;
  std::optional<app::AuditReader> audit_reader_;
  std::optional<app::AccountLinks> links_;
  std::optional<app::KeyGrants> grants_;
  domain::OrgId org_a_ = *domain::OrgId::parse(std::string(32, '0'));
  domain::OrgId org_b_ = *domain::OrgId::parse(std::string(32, '0'));
  // After the services: destroyed first (TearDown resets both explicitly too).
  std::unique_ptr<vault::PasswordHasher> hasher_;
  std::unique_ptr<vault::PasswordHasher> account_hasher_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace haven::testing

// Following invitation and reset links through the real http::Server on port 0, with the
// real use cases on SQLite in a temp dir, weak Argon2id parameters and a fake clock.
#include "web/account_link_pages.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "account_pages_fixture.h"
#include "app/account_links.h"
#include "vault/base32.h"
#include "vault/totp.h"

namespace haven::web {
namespace {

using testing::BrowserSession;
using testing::ClientResponse;
using testing::contains;
using testing::without_reference;

constexpr char kPassword[] = "correct horse battery staple";
constexpr char kNewPassword[] = "a new and rather long password";
constexpr char kInvitee[] = "new.person@example.org";

std::size_t count_of(std::string_view text, std::string_view part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

class AccountLinkPagesTest : public testing::AccountPagesTest {
 protected:
  void configure(SiteConfig& config) override { config.account_links = &*links_; }

  void SetUp() override {
    AccountPagesTest::SetUp();
    org_ = org_a_;
    // The first member creates the organisation's keys; invitations need them.
    auto first = staff_->add_member(app::Actor::system(),
                                    app::NewStaffMember{.org = org_,
                                                        .role = "coordinator",
                                                        .email = "coordinator@example.org",
                                                        .password = secret_of(kPassword),
                                                        .language = domain::Language::En});
    ASSERT_TRUE(first.ok()) << first.error().detail;
    coordinator_ = first->id;
  }

  static vault::SecretBytes secret_of(std::string_view text) {
    return vault::SecretBytes::copy_of(
        {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()});
  }

  std::string invite(std::string email = kInvitee,
                     domain::Language language = domain::Language::En) {
    auto issued = links_->invite(app::Actor::system(), org_, email, "counsellor", language);
    if (!issued.ok()) throw std::runtime_error("invite: " + issued.error().detail);
    return app::account_link_text(issued->id, issued->secret);
  }
  std::string reset_link(domain::UserId const& user) {
    auto issued = links_->issue_reset(app::Actor::system(), user);
    if (!issued.ok()) throw std::runtime_error("issue_reset: " + issued.error().detail);
    return app::account_link_text(issued->id, issued->secret);
  }

  // The code an authenticator app that scanned `link`'s page shows now.
  std::string code_for(std::string const& link) {
    auto details = links_->open(link);
    if (!details.ok()) throw std::runtime_error("open: " + details.error().detail);
    return code_now(details->totp_secret);
  }
  std::string code_now(vault::SecretBytes const& secret) {
    auto code = vault::totp_code(secret, *vault::totp_step_at(clock_.now()));
    if (!code.ok()) throw std::runtime_error("totp_code");
    return *code;
  }

  ClientResponse follow(BrowserSession& browser, std::string const& path, std::string password,
                        std::string again, std::string code) {
    return post(browser, path,
                {{"password", std::move(password)},
                 {"password_again", std::move(again)},
                 {"code", std::move(code)}});
  }

  std::size_t member_count() {
    auto listed = staff_->list_members(app::Actor::system(), org_);
    if (!listed.ok()) throw std::runtime_error("list_members");
    return listed->size();
  }

  domain::OrgId org_ = *domain::OrgId::parse(std::string(32, '0'));
  domain::UserId coordinator_ = *domain::UserId::parse(std::string(32, '0'));
};

TEST_F(AccountLinkPagesTest, InvitationPageSpeaksTheLinksLanguage) {
  struct Row {
    domain::Language language;
    std::string_view lang, heading, role;
  };
  Row const rows[] = {
      {domain::Language::En, "en", "Set up your account", "Counsellor"},
      {domain::Language::Ru, "ru", "Настройка учётной записи", "Консультант"},
      {domain::Language::Uk, "uk", "Налаштування облікового запису", "Консультант"},
      {domain::Language::De, "de", "Konto einrichten", "Beratung"},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.lang);
    std::string link = invite(std::string(row.lang) + "@example.org", row.language);
    BrowserSession browser;
    browser.accept_language = "en-GB";  // the link's language wins over the browser's
    auto page = get(browser, "/welcome/" + link);
    ASSERT_EQ(page.status, 200u) << page.body;
    EXPECT_TRUE(contains(page.body, "<html lang=\"" + std::string(row.lang) + "\">"));
    EXPECT_TRUE(contains(page.body, "<h1>" + std::string(row.heading) + "</h1>"));
    EXPECT_TRUE(contains(page.body, "<dd>Connection e.V.</dd>"));
    EXPECT_TRUE(contains(page.body, "<dd>" + std::string(row.role) + "</dd>"));
    EXPECT_TRUE(contains(page.body, "<dd>2027-01-18 08:00 UTC</dd>")) << "72 h from now";
    EXPECT_EQ(page.header("cache-control"), "no-store");
    EXPECT_EQ(page.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(page.header("content-language"), row.lang);
    EXPECT_TRUE(contains(page.body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
    // The key in groups of four, as the app's "enter a key" screen takes it.
    auto details = links_->open(link);
    ASSERT_TRUE(details.ok());
    std::string key = vault::encode_base32(details->totp_secret.span());
    ASSERT_EQ(key.size(), 32u);
    std::string grouped;
    for (std::size_t i = 0; i < key.size(); i += 4) {
      grouped += (i ? " " : "") + key.substr(i, 4);
    }
    EXPECT_TRUE(contains(page.body, "<code>" + grouped + "</code>")) << page.body;
    EXPECT_TRUE(contains(page.body, "action=\"/welcome/" + link + "\""));
    EXPECT_TRUE(contains(page.body, "name=\"csrf\" value=\"signed-"));
    EXPECT_TRUE(contains(page.body, "type=\"password\" autocomplete=\"new-password\""));
    EXPECT_TRUE(contains(page.body, "name=\"password_again\""));
    EXPECT_TRUE(contains(page.body, "inputmode=\"numeric\" autocomplete=\"one-time-code\""));
    EXPECT_FALSE(contains(page.body, "Your old password stops working"));
    EXPECT_FALSE(contains(page.body, "<script"));
    EXPECT_FALSE(contains(page.body, "[["));
  }
  // A visitor who chose another language with the switch gets that one.
  std::string link = invite("chooser@example.org", domain::Language::Ru);
  BrowserSession browser;
  browser.cookies["lang"] = "de";
  auto page = get(browser, "/welcome/" + link);
  ASSERT_EQ(page.status, 200u);
  EXPECT_TRUE(contains(page.body, "<html lang=\"de\">"));
}

TEST_F(AccountLinkPagesTest, BadLinksAnswerLikeAMissingPage) {
  BrowserSession browser;
  auto missing = get(browser, "/no-such-page");
  ASSERT_EQ(missing.status, 404u);
  std::string invitation = invite();
  std::string reset = reset_link(coordinator_);
  std::string forged = invitation;
  forged.back() = forged.back() == '0' ? '1' : '0';
  std::string const paths[] = {
      "/welcome/nonsense",    "/welcome/" + forged, "/welcome/" + invitation.substr(0, 32),
      "/welcome/" + reset,     // a reset link under the other path
      "/reset/" + invitation,  // and the other way round
  };
  for (auto const& path : paths) {
    SCOPED_TRACE(path);
    auto page = get(browser, path);
    EXPECT_EQ(page.status, 404u);
    EXPECT_EQ(without_reference(page.body), without_reference(missing.body));
    auto posted = follow(browser, path, kNewPassword, kNewPassword, "123456");
    EXPECT_EQ(posted.status, 404u);
    EXPECT_EQ(without_reference(posted.body), without_reference(missing.body));
  }
  clock_.advance(std::chrono::hours(72));  // expired
  auto expired = get(browser, "/welcome/" + invitation);
  EXPECT_EQ(expired.status, 404u);
  EXPECT_EQ(without_reference(expired.body), without_reference(missing.body));
}

TEST_F(AccountLinkPagesTest, RefusedFormsSayWhyAndChangeNothing) {
  std::string link = invite();
  std::string path = "/welcome/" + link;
  BrowserSession browser;
  std::size_t members = member_count();
  struct Row {
    std::string_view name;
    std::string password, again;
    bool good_code;
    unsigned want;
    std::string_view message;
  };
  Row const rows[] = {
      {"different passwords", kNewPassword, "a different long password", true, 422,
       "The two passwords are not the same."},
      {"short password", "tiny-pw", "tiny-pw", true, 422, "at least 12 characters"},
      {"wrong code", kNewPassword, kNewPassword, false, 403, "The code is not right."},
      {"no code", kNewPassword, kNewPassword, true, 400, "Fill in both passwords and the code."},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    std::string code = row.good_code ? code_for(link) : "000000";
    if (!row.good_code && code_for(link) == code) code = "000001";
    if (row.want == 400) code.clear();
    auto page = follow(browser, path, row.password, row.again, code);
    EXPECT_EQ(page.status, row.want) << page.body;
    EXPECT_TRUE(contains(page.body, row.message)) << page.body;
    EXPECT_TRUE(contains(page.body, "role=\"alert\""));
    EXPECT_FALSE(contains(page.body, row.password)) << "passwords are never drawn back";
    if (!code.empty()) {
      EXPECT_FALSE(contains(page.body, "value=\"" + code + "\""));
    }
    EXPECT_TRUE(contains(page.body, "class=\"qr\"")) << "the enrolment stays on the page";
    EXPECT_EQ(page.header("cache-control"), "no-store");
    EXPECT_EQ(page.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(member_count(), members);
    EXPECT_TRUE(links_->open(link).ok()) << "the link still works";
  }
}

TEST_F(AccountLinkPagesTest, AcceptedInvitationShowsTenCodesOnceAndTheAccountSignsIn) {
  std::string link = invite(kInvitee, domain::Language::Uk);
  std::string path = "/welcome/" + link;
  BrowserSession browser;
  auto done = follow(browser, path, kNewPassword, kNewPassword, code_for(link));
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_TRUE(contains(done.body, "<html lang=\"uk\">"));
  EXPECT_TRUE(contains(done.body, "<h1>Обліковий запис готовий</h1>"));
  EXPECT_EQ(count_of(done.body, "<li><code>"), 10u) << done.body;
  EXPECT_TRUE(contains(done.body, "href=\"/sign-in\""));
  EXPECT_FALSE(contains(done.body, link)) << "no language switch back to a used link";
  EXPECT_EQ(done.header("cache-control"), "no-store");
  EXPECT_EQ(done.header("referrer-policy"), "no-referrer");
  // The codes shown work as recovery codes: take the first.
  auto first = done.body.find("<li><code>") + 10;
  std::string recovery = done.body.substr(first, done.body.find('<', first) - first);

  auto again = get(browser, path);
  EXPECT_EQ(again.status, 404u);
  auto posted_again = follow(browser, path, kNewPassword, kNewPassword, "123456");
  EXPECT_EQ(posted_again.status, 404u);

  auto signed_in = post(browser, "/sign-in",
                        {{"email", kInvitee}, {"password", kNewPassword}, {"code", recovery}});
  EXPECT_EQ(signed_in.status, 303u) << signed_in.body;
  EXPECT_TRUE(signed_in.header("location").starts_with("/staff")) << signed_in.header("location");
  auto home = get(browser, "/staff");
  ASSERT_EQ(home.status, 200u);
  EXPECT_TRUE(contains(home.body, "<strong>Connection e.V.</strong>"));
}

TEST_F(AccountLinkPagesTest, ResetPageWarnsInEveryLanguageAndTheNewPasswordWorks) {
  std::string link = reset_link(coordinator_);
  std::string path = "/reset/" + link;
  struct Row {
    std::string_view lang, warning;
  };
  Row const rows[] = {
      {"en",
       "Your old password stops working. Nothing your account could read before is "
       "readable again until a coordinator of your organisation grants you access again."},
      {"ru", "Старый пароль перестанет действовать."},
      {"uk", "Старий пароль перестане діяти."},
      {"de", "Ihr altes Passwort funktioniert nicht mehr."},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.lang);
    BrowserSession browser;
    browser.cookies["lang"] = std::string(row.lang);
    auto page = get(browser, path);
    ASSERT_EQ(page.status, 200u);
    EXPECT_TRUE(contains(page.body, "<html lang=\"" + std::string(row.lang) + "\">"));
    EXPECT_TRUE(contains(page.body, row.warning)) << page.body;
    EXPECT_TRUE(contains(page.body, "action=\"/reset/" + link + "\""));
  }
  // What the person's app holds after scanning the page: the secret derived from the link.
  auto details = links_->open(link);
  ASSERT_TRUE(details.ok());
  vault::SecretBytes enrolled = std::move(details->totp_secret);
  BrowserSession browser;
  auto done = follow(browser, path, kNewPassword, kNewPassword, code_now(enrolled));
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_TRUE(contains(done.body, "<h1>Your new password is set</h1>"));
  EXPECT_TRUE(contains(done.body, "until a coordinator of your organisation grants you access"));
  EXPECT_EQ(count_of(done.body, "<li><code>"), 10u);
  EXPECT_EQ(get(browser, path).status, 404u);

  clock_.advance(vault::kTotpStep);  // the code just typed is used up: the app's next one
  auto old_password = post(browser, "/sign-in",
                           {{"email", "coordinator@example.org"},
                            {"password", kPassword},
                            {"code", code_now(enrolled)}});
  EXPECT_EQ(old_password.status, 403u) << "the old password stopped working";
  clock_.advance(vault::kTotpStep);
  auto signed_in = post(browser, "/sign-in",
                        {{"email", "coordinator@example.org"},
                         {"password", kNewPassword},
                         {"code", code_now(enrolled)}});
  EXPECT_EQ(signed_in.status, 303u) << signed_in.body;
  EXPECT_EQ(signed_in.header("location"), "/staff");
}

}  // namespace
}  // namespace haven::web

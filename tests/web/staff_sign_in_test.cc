// Staff sign-in, staff pages and sign-out through the real http::Server on port 0, with
// the real use cases on SQLite in a temp dir, weak Argon2id parameters and a fake clock.
#include "web/sign_in_pages.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "account_pages_fixture.h"
#include "app/stored_bytes.h"
#include "vault/recovery_codes.h"
#include "web/staff_pages.h"

namespace haven::web {
namespace {

using testing::Browser;
using testing::ClientResponse;
using testing::contains;
using testing::form_encode;

constexpr char kPassword[] = "correct horse battery staple";
constexpr char kFirefoxOnAndroid[] =
    "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The Set-Cookie line for `name`, or "".
std::string set_cookie_line(ClientResponse const& response, std::string_view name) {
  for (auto const& [header, value] : response.headers) {
    if (header == "set-cookie" && value.starts_with(std::string(name) + "=")) return value;
  }
  return {};
}

class StaffSignInTest : public testing::AccountPagesTest {
 protected:
  void SetUp() override {
    AccountPagesTest::SetUp();
    org_ = org_a_;
  }

  Member add_member(std::string email, std::string role = "counsellor") {
    return AccountPagesTest::add_member(org_, std::move(email), std::move(role));
  }

  // A code that is certainly wrong now: the right one with its last digit changed.
  std::string wrong_code_for(Member const& member) {
    std::string code = code_for(member);
    code.back() = code.back() == '0' ? '1' : '0';
    return code;
  }
  // Every TOTP step is single use: move to the next one before the same member signs in
  // again.
  void next_totp_step() { clock_.advance(vault::kTotpStep); }

  ClientResponse sign_in(Browser& browser, std::string const& email, std::string const& password,
                         std::string const& code) {
    return post(browser, "/sign-in", {{"email", email}, {"password", password}, {"code", code}});
  }
  // Signs `member` in and checks that it worked; returns the session id.
  std::string sign_in_ok(Browser& browser, Member const& member) {
    auto response = sign_in(browser, member.email, kPassword, code_for(member));
    EXPECT_EQ(response.status, 303u) << response.body;
    EXPECT_EQ(response.header("location"), "/staff");
    next_totp_step();
    std::string cookie = browser.cookies[session_cookie_name()];
    return cookie.substr(0, cookie.find('.'));
  }

  domain::OrgId org_ = *domain::OrgId::parse(std::string(32, '0'));
};

struct LanguageRow {
  std::string_view accept_language;
  std::string_view lang;
  std::string_view heading;
};

TEST_F(StaffSignInTest, SignInPageRendersInFourLanguages) {
  LanguageRow const rows[] = {
      {"en-GB", "en", "Sign in"},
      {"ru-RU,ru;q=0.9", "ru", "Войти"},
      {"uk", "uk", "Увійти"},
      {"de-DE", "de", "Anmelden"},
  };
  for (auto const& row : rows) {
    Browser browser;
    browser.accept_language = row.accept_language;
    auto page = get(browser, "/sign-in");
    EXPECT_EQ(page.status, 200u);
    EXPECT_TRUE(contains(page.body, "<html lang=\"" + std::string(row.lang) + "\">")) << row.lang;
    EXPECT_TRUE(contains(page.body, "<h1>" + std::string(row.heading) + "</h1>")) << row.lang;
    EXPECT_EQ(page.header("cache-control"), "no-store");
    EXPECT_TRUE(contains(page.header("content-security-policy"), "default-src 'none'"));
    EXPECT_TRUE(contains(page.body, "<form class=\"fields\" method=\"post\" action=\"/sign-in\">"));
    EXPECT_TRUE(contains(page.body, "name=\"csrf\" value=\"signed-"));
    EXPECT_TRUE(contains(page.body, "type=\"email\""));
    EXPECT_TRUE(contains(page.body, "type=\"password\" autocomplete=\"current-password\""));
    EXPECT_TRUE(contains(page.body, "type=\"text\" autocomplete=\"one-time-code\""));
    // Recovery codes have letters: a numeric keypad (iOS) could not type them.
    EXPECT_FALSE(contains(page.body, "inputmode=\"numeric\""));
    EXPECT_FALSE(contains(page.body, "<script"));
    EXPECT_FALSE(contains(page.body, "[["));
  }
}

TEST_F(StaffSignInTest, SignInStaffPageAndSignOut) {
  Member member = add_member("counsellor@example.org");
  Browser browser;
  auto signed_in = sign_in(browser, "  Counsellor@Example.ORG ", kPassword, code_for(member));
  ASSERT_EQ(signed_in.status, 303u) << signed_in.body;
  EXPECT_EQ(signed_in.header("location"), "/staff");
  EXPECT_EQ(signed_in.header("cache-control"), "no-store");
  std::string cookie = set_cookie_line(signed_in, "haven_session");
  ASSERT_FALSE(cookie.empty());
  EXPECT_TRUE(contains(cookie, "; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict")) << cookie;
  EXPECT_FALSE(contains(cookie, "Secure")) << "no TLS in this test";
  std::string value = browser.cookies["haven_session"];
  EXPECT_EQ(value.size(), 32u + 1 + 64u) << "session id, '.', 64 hex digits of the secret";

  auto home = get(browser, "/staff");
  ASSERT_EQ(home.status, 200u) << home.body;
  EXPECT_EQ(home.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(home.header("content-security-policy"), "frame-ancestors 'none'"));
  EXPECT_TRUE(contains(home.body, "<h1>Signed in</h1>"));
  EXPECT_TRUE(contains(home.body, "<strong>Connection e.V.</strong>: Counsellor"));
  EXPECT_TRUE(contains(home.body, "href=\"/staff/sessions\""));
  EXPECT_TRUE(contains(home.body, "action=\"/sign-out\""));
  EXPECT_FALSE(contains(home.body, "recovery code"));

  auto sessions = get(browser, "/staff/sessions");
  ASSERT_EQ(sessions.status, 200u);
  EXPECT_TRUE(contains(sessions.body, "Firefox, Android <strong>(this device)</strong>"))
      << sessions.body;
  EXPECT_TRUE(contains(sessions.body, "2027-01-15 08:00 UTC"));
  EXPECT_FALSE(contains(sessions.body, "Gecko")) << "never the User-Agent itself";
  EXPECT_FALSE(contains(sessions.body, "/end\"")) << "no button to end this session";
  EXPECT_FALSE(contains(sessions.body, "end-others")) << "no other sessions";

  Browser stolen = browser;  // a copy of the cookie, as someone might have taken it
  auto signed_out = post(browser, "/sign-out");
  EXPECT_EQ(signed_out.status, 303u);
  EXPECT_EQ(signed_out.header("location"), "/sign-in?signed-out=1");
  EXPECT_EQ(signed_out.header("clear-site-data"), "\"cache\", \"cookies\", \"storage\"");
  EXPECT_EQ(signed_out.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(set_cookie_line(signed_out, "haven_session"), "Max-Age=0"));
  EXPECT_FALSE(browser.cookies.contains("haven_session"));

  auto notice = get(browser, "/sign-in?signed-out=1");
  EXPECT_EQ(notice.status, 200u);
  EXPECT_TRUE(contains(notice.body, "You are signed out."));

  auto after = get(stolen, "/staff");
  EXPECT_EQ(after.status, 303u) << "the session is gone on the server, not only in the browser";
  EXPECT_EQ(after.header("location"), "/sign-in");
  EXPECT_TRUE(contains(set_cookie_line(after, "haven_session"), "Max-Age=0"));
}

TEST_F(StaffSignInTest, StaffPagesWithoutASessionGoToSignIn) {
  Browser browser;
  for (std::string path : {"/staff", "/staff/sessions"}) {
    auto response = get(browser, path);
    EXPECT_EQ(response.status, 303u) << path;
    EXPECT_EQ(response.header("location"), "/sign-in") << path;
    EXPECT_EQ(response.header("cache-control"), "no-store") << path;
  }
  std::string const posts[] = {"/sign-out", "/staff/sessions/end-others",
                               "/staff/sessions/" + std::string(32, 'a') + "/end"};
  for (std::string const& path : posts) {
    auto response = post(browser, path);
    EXPECT_EQ(response.status, 303u) << path;
    EXPECT_EQ(response.header("location"), "/sign-in") << path;
  }
  browser.cookies["haven_session"] = "garbage";
  auto garbage = get(browser, "/staff");
  EXPECT_EQ(garbage.status, 303u);
  EXPECT_FALSE(browser.cookies.contains("haven_session")) << "a stale cookie is expired";
  // Without a token the CSRF check answers first, session or not.
  auto forged = send(browser, "POST /sign-out HTTP/1.1", "x=1");
  EXPECT_EQ(forged.status, 403u);
}

TEST_F(StaffSignInTest, SignedInVisitorSkipsTheForm) {
  Member member = add_member("a@example.org");
  Browser browser;
  sign_in_ok(browser, member);
  auto page = get(browser, "/sign-in");
  EXPECT_EQ(page.status, 303u);
  EXPECT_EQ(page.header("location"), "/staff");
}

// Wrong password, unknown address, disabled account, wrong code: one answer, byte for byte
// (once the typed address, which the form shows again, is set aside).
TEST_F(StaffSignInTest, EveryRefusalLooksTheSame) {
  Member member = add_member("member@example.org");
  Member disabled = add_member("disabled@example.org");
  ASSERT_TRUE(staff_->disable(app::Actor::system(), disabled.id).ok());
  Browser browser;
  get(browser, "/sign-in");

  struct Attempt {
    std::string_view name;
    std::string email;
    std::string password;
    std::string code;
  };
  std::vector<Attempt> const attempts = {
      {"wrong password", member.email, "not the password at all", code_for(member)},
      {"unknown address", "nobody@example.org", kPassword, "123456"},
      {"disabled account", disabled.email, kPassword, code_for(disabled)},
      {"wrong code", member.email, kPassword, wrong_code_for(member)},
      {"malformed address", "not-an-address", kPassword, "123456"},
  };
  std::optional<ClientResponse> first;
  for (auto const& attempt : attempts) {
    auto response = sign_in(browser, attempt.email, attempt.password, attempt.code);
    EXPECT_EQ(response.status, 403u) << attempt.name;
    EXPECT_TRUE(contains(response.body, "The email address, password or code is not right."))
        << attempt.name;
    EXPECT_TRUE(contains(response.body, "value=\"" + attempt.email + "\"")) << attempt.name;
    EXPECT_FALSE(contains(response.body, attempt.password)) << attempt.name;
    EXPECT_FALSE(contains(response.body, "value=\"" + attempt.code + "\"")) << attempt.name;
    EXPECT_TRUE(set_cookie_line(response, "haven_session").empty()) << attempt.name;
    EXPECT_EQ(response.header("cache-control"), "no-store") << attempt.name;
    replace_all(response.body, "value=\"" + attempt.email + "\"", "value=\"EMAIL\"");
    replace_all(response.body, "signed-" + browser.cookies["csrf"], "TOKEN");
    if (!first) {
      first = response;
      continue;
    }
    EXPECT_EQ(response.status, first->status) << attempt.name;
    EXPECT_EQ(response.header("content-type"), first->header("content-type")) << attempt.name;
    EXPECT_EQ(response.body, first->body) << attempt.name;
  }
}

TEST_F(StaffSignInTest, MissingFieldsAskForAllThree) {
  Member member = add_member("a@example.org");
  Browser browser;
  auto response = post(browser, "/sign-in", {{"email", member.email}, {"password", kPassword}});
  EXPECT_EQ(response.status, 400u);
  EXPECT_TRUE(contains(response.body, "Enter your email address, password and code."));
  EXPECT_TRUE(contains(response.body, "value=\"a@example.org\""));
}

TEST_F(StaffSignInTest, SixthFailureInAMinuteIsThrottled) {
  Member member = add_member("a@example.org");
  Browser browser;
  for (int i = 0; i < 5; ++i) {
    auto refused = sign_in(browser, member.email, "wrong password number " + std::to_string(i),
                           code_for(member));
    EXPECT_EQ(refused.status, 403u) << i;
  }
  auto throttled = sign_in(browser, member.email, kPassword, code_for(member));
  EXPECT_EQ(throttled.status, 429u) << "even the right password waits";
  EXPECT_TRUE(contains(throttled.body, "Too many attempts. Wait a minute and try again."));
  EXPECT_EQ(throttled.header("retry-after"), "60");
  EXPECT_TRUE(set_cookie_line(throttled, "haven_session").empty());

  clock_.advance(std::chrono::seconds(61));
  sign_in_ok(browser, member);
}

TEST_F(StaffSignInTest, SigningInAgainEndsTheOlderSession) {
  Member member = add_member("a@example.org");
  Browser browser;
  std::string first = sign_in_ok(browser, member);
  Browser old_copy = browser;
  std::string second = sign_in_ok(browser, member);
  EXPECT_NE(first, second) << "a new session id every sign-in";
  EXPECT_EQ(get(old_copy, "/staff").status, 303u) << "the older session was ended";
  EXPECT_EQ(get(browser, "/staff").status, 200u);
  auto list = sessions_->list_own(*sessions_->resolve(browser.cookies["haven_session"]));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

TEST_F(StaffSignInTest, EndingOwnOtherSessions) {
  Member member = add_member("a@example.org");
  Browser phone;
  Browser laptop;
  laptop.user_agent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/126.0.0.0 Safari/537.36";
  Browser tablet;
  tablet.user_agent = "curl/8.0";
  sign_in_ok(phone, member);
  std::string laptop_session = sign_in_ok(laptop, member);
  sign_in_ok(tablet, member);

  auto list = get(phone, "/staff/sessions");
  ASSERT_EQ(list.status, 200u);
  EXPECT_TRUE(contains(list.body, "Chrome, Windows"));
  EXPECT_TRUE(contains(list.body, "Unknown browser"));
  EXPECT_TRUE(contains(list.body, "action=\"/staff/sessions/" + laptop_session + "/end\""));
  EXPECT_TRUE(contains(list.body, "action=\"/staff/sessions/end-others\""));

  auto ended = post(phone, "/staff/sessions/" + laptop_session + "/end");
  EXPECT_EQ(ended.status, 303u);
  EXPECT_EQ(ended.header("location"), "/staff/sessions?ended=1");
  EXPECT_EQ(get(laptop, "/staff").status, 303u);
  EXPECT_EQ(get(tablet, "/staff").status, 200u);
  auto notice = get(phone, "/staff/sessions?ended=1");
  EXPECT_TRUE(contains(notice.body, "1 session ended."));

  auto others = post(phone, "/staff/sessions/end-others");
  EXPECT_EQ(others.status, 303u);
  EXPECT_EQ(others.header("location"), "/staff/sessions?ended=1");
  EXPECT_EQ(get(tablet, "/staff").status, 303u);
  EXPECT_EQ(get(phone, "/staff").status, 200u) << "this session stays";
}

TEST_F(StaffSignInTest, NobodyEndsSomeoneElsesSession) {
  Member alice = add_member("alice@example.org");
  Member bob = add_member("bob@example.org");
  Browser alice_browser;
  Browser bob_browser;
  std::string alice_session = sign_in_ok(alice_browser, alice);
  sign_in_ok(bob_browser, bob);

  auto foreign = post(bob_browser, "/staff/sessions/" + alice_session + "/end");
  EXPECT_EQ(foreign.status, 404u);
  auto missing = post(bob_browser, "/staff/sessions/" + std::string(32, 'f') + "/end");
  EXPECT_EQ(missing.status, 404u);
  // The same page but for the error reference, which names the request.
  auto without_reference = [](std::string body) {
    auto at = body.find("<p class=\"reference\">");
    return at == std::string::npos ? body : body.substr(0, at) + body.substr(body.find("</p>", at));
  };
  EXPECT_EQ(without_reference(foreign.body), without_reference(missing.body))
      << "another's session answers like none at all";
  auto malformed = post(bob_browser, "/staff/sessions/not-an-id/end");
  EXPECT_EQ(malformed.status, 404u);
  EXPECT_EQ(get(alice_browser, "/staff").status, 200u);
  EXPECT_FALSE(contains(get(bob_browser, "/staff/sessions").body, alice_session));
}

TEST_F(StaffSignInTest, RecoveryCodeSignInSaysHowManyAreLeft) {
  Member member = add_member("a@example.org");
  auto codes = vault::generate_recovery_codes(pepper_, member.id.str());
  ASSERT_TRUE(codes.ok());
  std::vector<std::string> hashes;
  for (auto const& hash : codes->hashes) hashes.push_back(app::to_stored(hash));
  auto stored = store_->in_transaction([&](app::Transaction& tx) {
    return tx.staff().replace_recovery_codes(member.id, hashes, clock_.now());
  });
  ASSERT_TRUE(stored.ok()) << stored.error().detail;

  Browser browser;
  browser.accept_language = "ru";
  auto signed_in = sign_in(browser, member.email, kPassword, codes->codes[3]);
  ASSERT_EQ(signed_in.status, 303u) << signed_in.body;
  EXPECT_EQ(signed_in.header("location"), "/staff?recovery-codes-left=9");
  // Staff pages speak the member's preferred language (English here), not the browser's,
  // unless one was chosen with the language switch.
  auto home = get(browser, "/staff?recovery-codes-left=9");
  EXPECT_TRUE(contains(home.body, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(home.body, "You signed in with a recovery code. 9 recovery codes are left."))
      << home.body;

  struct Row {
    std::string_view left;
    std::string_view want;
  };
  browser.cookies["lang"] = "ru";
  EXPECT_TRUE(
      contains(get(browser, "/staff?recovery-codes-left=9").body, "Осталось 9 резервных кодов."));
  for (Row row :
       {Row{"1", "Остался 1 резервный код."}, Row{"2", "Осталось 2 резервных кода."},
        Row{"5", "Осталось 5 резервных кодов."}, Row{"21", "Остался 21 резервный код."}}) {
    auto page = get(browser, "/staff?recovery-codes-left=" + std::string(row.left));
    EXPECT_TRUE(contains(page.body, row.want)) << row.left;
  }
  browser.cookies["lang"] = "en";
  EXPECT_TRUE(contains(get(browser, "/staff?recovery-codes-left=1").body,
                       "You signed in with a recovery code. 1 recovery code is left."));
  EXPECT_FALSE(contains(get(browser, "/staff?recovery-codes-left=-1").body, "recovery code"));
  EXPECT_FALSE(contains(get(browser, "/staff?recovery-codes-left=x").body, "recovery code"));

  // Used once: the same code is refused like any wrong code.
  Browser again;
  auto reused = sign_in(again, member.email, kPassword, codes->codes[3]);
  EXPECT_EQ(reused.status, 403u);
}

TEST_F(StaffSignInTest, StaffPagesInTheChosenLanguage) {
  Member member = add_member("a@example.org");
  Browser browser;
  sign_in_ok(browser, member);
  struct Row {
    std::string_view lang;
    std::string_view heading;
    std::string_view role;
  };
  for (Row row : {Row{"en", "Signed in", "Counsellor"}, Row{"ru", "Вы вошли", "Консультант"},
                  Row{"uk", "Ви увійшли", "Консультант"}, Row{"de", "Angemeldet", "Beratung"}}) {
    browser.cookies["lang"] = std::string(row.lang);
    auto home = get(browser, "/staff");
    EXPECT_TRUE(contains(home.body, "<html lang=\"" + std::string(row.lang) + "\">")) << row.lang;
    EXPECT_TRUE(contains(home.body, "<h1>" + std::string(row.heading) + "</h1>")) << row.lang;
    EXPECT_TRUE(contains(home.body, std::string(row.role))) << row.lang;
    EXPECT_EQ(get(browser, "/staff/sessions").status, 200u) << row.lang;
  }
}

// Under TLS the cookie is __Host-haven_session with Secure, and only that name is read: a
// cookie planted without the prefix (which a sibling host could set) signs nobody in.
class SecureStaffSignInTest : public StaffSignInTest {
 protected:
  bool secure_transport() const override { return true; }
};

TEST_F(SecureStaffSignInTest, CookieIsHostPrefixedAndSecure) {
  Member member = add_member("a@example.org");
  Browser browser;
  auto signed_in = sign_in(browser, member.email, kPassword, code_for(member));
  ASSERT_EQ(signed_in.status, 303u) << signed_in.body;
  std::string cookie = set_cookie_line(signed_in, "__Host-haven_session");
  EXPECT_TRUE(contains(cookie, "; Path=/; Max-Age=43200; Secure; HttpOnly; SameSite=Strict"))
      << cookie;
  EXPECT_EQ(get(browser, "/staff").status, 200u);

  Browser planted;
  planted.cookies["haven_session"] = browser.cookies["__Host-haven_session"];
  EXPECT_EQ(get(planted, "/staff").status, 303u);
}

}  // namespace
}  // namespace haven::web

// The own account pages through the real server: the page, changing the password
// (deferred onto the password hasher), new recovery codes, and what a refused or forged
// request leaves unchanged.
#include "web/own_account_pages.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "account_pages_fixture.h"

namespace haven::web {
namespace {

using testing::AccountPagesTest;
using testing::Browser;
using testing::contains;
using testing::kStaffPassword;

constexpr char kNewPassword[] = "a much longer passphrase than before";

// The recovery codes a page lists, in order. (std::regex trips g++ 12's
// -Wmaybe-uninitialized under ASan.)
std::vector<std::string> codes_on(std::string const& body) {
  std::vector<std::string> codes;
  std::string_view const open = "<li><code>";
  for (auto at = body.find(open); at != std::string::npos; at = body.find(open, at + 1)) {
    auto start = at + open.size();
    codes.push_back(body.substr(start, body.find('<', start) - start));
  }
  return codes;
}

class OwnAccountPagesTest : public AccountPagesTest {
 protected:
  void SetUp() override {
    AccountPagesTest::SetUp();
    member_.emplace(add_member(org_a_, "counsellor@example.org", "counsellor"));
  }

  testing::ClientResponse change_password(Browser& browser, std::string const& current,
                                          std::string const& replacement,
                                          std::string const& again) {
    return post(browser, "/staff/account/password",
                {{"current", current}, {"new", replacement}, {"again", again}});
  }
  // Whether `password` (and the current code) still signs the member in.
  bool signs_in(std::string const& password) {
    Browser browser;
    return sign_in(browser, *member_, password, code_for(*member_)).status == 303u;
  }

  std::optional<Member> member_;
};

TEST_F(OwnAccountPagesTest, PageShowsLanguageCodesLeftAndBothForms) {
  Browser browser;
  sign_in_ok(browser, *member_);
  auto home = get(browser, "/staff");
  EXPECT_TRUE(contains(home.body, "<a href=\"/staff/account\">Account and password</a>"))
      << home.body;

  auto page = get(browser, "/staff/account");
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(page.body, "<h1>Your account</h1>"));
  EXPECT_TRUE(contains(page.body, "<dd>English</dd>"));
  EXPECT_TRUE(contains(page.body, "href=\"/staff/sessions\""));
  EXPECT_TRUE(contains(page.body, "action=\"/staff/account/password\""));
  EXPECT_TRUE(contains(page.body, "action=\"/staff/account/recovery-codes\""));
  EXPECT_TRUE(contains(page.body, "name=\"csrf\" value=\"signed-"));
  EXPECT_TRUE(contains(page.body, "autocomplete=\"new-password\""));
  EXPECT_TRUE(contains(page.body, "At least 12 characters."));
  EXPECT_FALSE(contains(page.body, "[["));

  post(browser, "/staff/account/recovery-codes");
  struct Row {
    std::string_view lang;
    std::string_view want;
  };
  for (Row row :
       {Row{"en", "10 unused codes left."}, Row{"ru", "Осталось 10 неиспользованных кодов."},
        Row{"uk", "Залишилося 10 невикористаних кодів."},
        Row{"de", "10 unbenutzte Codes übrig."}}) {
    browser.cookies["lang"] = std::string(row.lang);
    auto translated = get(browser, "/staff/account");
    EXPECT_TRUE(contains(translated.body, std::string(row.want))) << row.lang;
    EXPECT_FALSE(contains(translated.body, "[[")) << row.lang;
  }
}

TEST_F(OwnAccountPagesTest, ChangingThePasswordEndsOtherSessions) {
  Browser phone;
  Browser laptop;
  sign_in_ok(phone, *member_);
  sign_in_ok(laptop, *member_);

  auto changed = change_password(phone, kStaffPassword, kNewPassword, kNewPassword);
  ASSERT_EQ(changed.status, 303u) << changed.body;
  EXPECT_EQ(changed.header("location"), "/staff/account?password-changed=1");
  EXPECT_EQ(changed.header("cache-control"), "no-store");

  EXPECT_EQ(get(laptop, "/staff").status, 303u) << "the other session ended";
  auto notice = get(phone, "/staff/account?password-changed=1");
  ASSERT_EQ(notice.status, 200u) << "this session stays";
  EXPECT_TRUE(contains(notice.body, "Your password is changed. 1 other session was ended."));
  EXPECT_FALSE(contains(notice.body, kNewPassword));

  EXPECT_FALSE(signs_in(kStaffPassword)) << "the old password is refused";
  EXPECT_TRUE(signs_in(kNewPassword));
}

TEST_F(OwnAccountPagesTest, RefusedChangesChangeNothing) {
  Browser phone;
  Browser laptop;
  sign_in_ok(phone, *member_);
  sign_in_ok(laptop, *member_);

  struct Row {
    std::string_view name;
    std::string current, replacement, again;
    unsigned status;
    std::string_view message;
  };
  Row const rows[] = {
      {"mismatch", kStaffPassword, kNewPassword, "a much longer passphrase than befor", 400,
       "The two new passwords are not the same. Nothing was changed."},
      {"wrong current", "not the password at all", kNewPassword, kNewPassword, 403,
       "The email address, password or code is not right."},
      {"too short", kStaffPassword, "short", "short", 400,
       "The new password is too short or too long. Nothing was changed."},
      {"empty", "", kNewPassword, kNewPassword, 400,
       "Enter your current password and the new one twice."},
  };
  for (Row const& row : rows) {
    auto refused = change_password(phone, row.current, row.replacement, row.again);
    EXPECT_EQ(refused.status, row.status) << row.name;
    EXPECT_TRUE(contains(refused.body, std::string(row.message))) << row.name << refused.body;
    EXPECT_EQ(refused.header("cache-control"), "no-store") << row.name;
    EXPECT_TRUE(contains(refused.body, "action=\"/staff/account/password\"")) << row.name;
    EXPECT_FALSE(contains(refused.body, kNewPassword)) << row.name;
    EXPECT_FALSE(contains(refused.body, kStaffPassword)) << row.name;
  }
  EXPECT_EQ(get(laptop, "/staff").status, 200u) << "no session ended";
  EXPECT_EQ(get(phone, "/staff").status, 200u);
  EXPECT_FALSE(signs_in(kNewPassword));
  EXPECT_TRUE(signs_in(kStaffPassword));
}

TEST_F(OwnAccountPagesTest, FormsWithoutTheCsrfTokenAreRefused) {
  Browser browser;
  sign_in_ok(browser, *member_);
  auto staff = sessions_->resolve(browser.cookies["haven_session"]);
  ASSERT_TRUE(staff.ok());
  int const codes_before = *own_account_->unused_recovery_codes(*staff);
  std::string fields = "current=" + testing::form_encode(kStaffPassword) +
                       "&new=" + testing::form_encode(kNewPassword) +
                       "&again=" + testing::form_encode(kNewPassword);
  auto forged = send(browser, "POST /staff/account/password HTTP/1.1", fields);
  EXPECT_EQ(forged.status, 403u);
  auto wrong_token =
      send(browser, "POST /staff/account/password HTTP/1.1", "csrf=signed-somebody-else&" + fields);
  EXPECT_EQ(wrong_token.status, 403u);
  auto codes = send(browser, "POST /staff/account/recovery-codes HTTP/1.1", "x=1");
  EXPECT_EQ(codes.status, 403u);
  EXPECT_TRUE(codes_on(codes.body).empty());

  EXPECT_EQ(*own_account_->unused_recovery_codes(*staff), codes_before);
  EXPECT_FALSE(signs_in(kNewPassword));
  EXPECT_TRUE(signs_in(kStaffPassword));
}

TEST_F(OwnAccountPagesTest, NewRecoveryCodesReplaceTheOldOnes) {
  Browser browser;
  sign_in_ok(browser, *member_);
  auto first = post(browser, "/staff/account/recovery-codes");
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(first.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(first.body, "<h1>Your new recovery codes</h1>"));
  EXPECT_TRUE(contains(first.body, "Your old recovery codes no longer work. Write these down"));
  auto old_codes = codes_on(first.body);
  ASSERT_EQ(old_codes.size(), 10u);

  auto second = post(browser, "/staff/account/recovery-codes");
  auto new_codes = codes_on(second.body);
  ASSERT_EQ(new_codes.size(), 10u);
  EXPECT_NE(new_codes, old_codes);
  EXPECT_FALSE(contains(get(browser, "/staff/account").body, new_codes[0]))
      << "shown once, on the answer to the form only";

  Browser old_code;
  auto refused = sign_in(old_code, *member_, kStaffPassword, old_codes[0]);
  EXPECT_EQ(refused.status, 403u) << "old codes no longer work";
  Browser new_code;
  auto accepted = sign_in(new_code, *member_, kStaffPassword, new_codes[0]);
  EXPECT_EQ(accepted.status, 303u) << accepted.body;
  EXPECT_EQ(accepted.header("location"), "/staff?recovery-codes-left=9");
}

TEST_F(OwnAccountPagesTest, WithoutASessionEveryRouteGoesToSignIn) {
  Browser browser;
  browser.cookies["haven_session"] = std::string(32, 'a') + "." + std::string(64, 'b');
  auto page = get(browser, "/staff/account");
  EXPECT_EQ(page.status, 303u);
  EXPECT_EQ(page.header("location"), "/sign-in");
  EXPECT_FALSE(browser.cookies.contains("haven_session")) << "a stale cookie is expired";
  for (std::string path : {"/staff/account/password", "/staff/account/recovery-codes"}) {
    browser.cookies["haven_session"] = std::string(32, 'a') + "." + std::string(64, 'b');
    auto response =
        post(browser, path,
             {{"current", kStaffPassword}, {"new", kNewPassword}, {"again", kNewPassword}});
    EXPECT_EQ(response.status, 303u) << path;
    EXPECT_EQ(response.header("location"), "/sign-in") << path;
    EXPECT_EQ(response.header("cache-control"), "no-store") << path;
    EXPECT_FALSE(browser.cookies.contains("haven_session")) << path;
  }
  EXPECT_TRUE(signs_in(kStaffPassword));
}

// Every password hasher thread busy: the change is refused at once with "try again
// shortly", like a throttled sign-in, and nothing changes.
class BusyOwnAccountPagesTest : public OwnAccountPagesTest {
 protected:
  std::size_t password_change_queue() const override { return 0; }
};

TEST_F(BusyOwnAccountPagesTest, ABusyHasherAsksToTryAgainShortly) {
  Browser browser;
  sign_in_ok(browser, *member_);
  auto busy = change_password(browser, kStaffPassword, kNewPassword, kNewPassword);
  EXPECT_EQ(busy.status, 429u) << busy.body;
  EXPECT_TRUE(contains(busy.body, "Haven is busy right now. Try again shortly."));
  EXPECT_EQ(busy.header("retry-after"), "5");
  EXPECT_EQ(busy.header("cache-control"), "no-store");
  EXPECT_TRUE(signs_in(kStaffPassword));
}

}  // namespace
}  // namespace haven::web

// The coordinator's member pages through the real http::Server on port 0, with the real use
// cases on SQLite in a temp dir, weak Argon2id parameters and a fake clock: the list with
// its addresses, invitations, reset links, grants, ending sessions, disabling, and that
// another organisation's ids answer exactly like missing ones.
#include "web/member_pages.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "account_pages_fixture.h"
#include "app/staff_service.h"

namespace haven::web {
namespace {

using testing::Browser;
using testing::ClientResponse;
using testing::contains;
using testing::expect_same_404;

// The link text after `prefix` ("/welcome/") on a page, up to the end of its element.
std::string link_after(std::string const& body, std::string const& prefix) {
  auto at = body.find(prefix);
  if (at == std::string::npos) return {};
  at += prefix.size();
  return body.substr(at, body.find('<', at) - at);
}

class MembersPagesTest : public testing::AccountPagesTest {
 protected:
  void configure(SiteConfig& config) override {
    config.account_links = &*links_;
    config.staff = &*staff_;
    config.key_grants = &*grants_;
  }

  void SetUp() override {
    AccountPagesTest::SetUp();
    // The first member of each organisation holds its key; later ones wait for a grant.
    coordinator_ = add_member(org_a_, "coord@example.org", "coordinator");
    counsellor_ = add_member(org_a_, "counsellor@example.org", "counsellor");
    coordinator_b_ = add_member(org_b_, "coord-b@example.org", "coordinator");
    member_b_ = add_member(org_b_, "member-b@example.org", "counsellor");
  }

  std::string members_of(domain::OrgId const& org) {
    return "/staff/orgs/" + org.str() + "/members";
  }
  std::string member_path(domain::OrgId const& org, domain::UserId const& member,
                          std::string_view action) {
    return members_of(org) + "/" + member.str() + "/" + std::string(action);
  }

  app::StaffMemberSummary summary_of(domain::OrgId const& org, domain::UserId const& user) {
    auto members = staff_->list_members(app::Actor::system(), org);
    if (!members) throw std::runtime_error("list_members");
    for (auto const& member : *members) {
      if (member.id == user) return member;
    }
    throw std::runtime_error("no such member");
  }

  std::size_t pending_tokens(domain::OrgId const& org) {
    auto tokens = store_->in_transaction(
        [&](app::Transaction& tx) { return tx.account_tokens().list_for_org(org, clock_.now()); });
    if (!tokens) throw std::runtime_error("list_for_org");
    return tokens->size();
  }

  Member coordinator_;
  Member counsellor_;
  Member coordinator_b_;
  Member member_b_;
};

TEST_F(MembersPagesTest, ListShowsAddressesRolesAndWhoWaitsForTheKey) {
  Browser browser = signed_in(coordinator_);
  auto home = get(browser, "/staff");
  EXPECT_TRUE(contains(home.body, "href=\"" + members_of(org_a_) + "\"")) << home.body;
  EXPECT_FALSE(contains(home.body, members_of(org_b_)));

  auto page = get(browser, members_of(org_a_));
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(page.body, "<h1>Members of Connection e.V.</h1>"));
  EXPECT_TRUE(contains(page.body, "coord@example.org <strong>(you)</strong>")) << page.body;
  EXPECT_TRUE(contains(page.body, "counsellor@example.org"));
  EXPECT_FALSE(contains(page.body, "coord-b@example.org")) << "another organisation's member";
  EXPECT_TRUE(contains(page.body, "<dd>Coordinator</dd>"));
  EXPECT_TRUE(contains(page.body, "<dd>Counsellor</dd>"));
  EXPECT_TRUE(contains(page.body, "<dd>Has access</dd>"));
  EXPECT_TRUE(contains(page.body, "<dd>Access pending</dd>"));
  EXPECT_TRUE(contains(page.body, "<dd>Active</dd>"));
  EXPECT_FALSE(contains(page.body, "cannot be shown"));
  std::string counsellor = members_of(org_a_) + "/" + counsellor_.id.str();
  std::string self = members_of(org_a_) + "/" + coordinator_.id.str();
  for (std::string action : {"/grant", "/reset", "/end-sessions", "/disable"}) {
    EXPECT_TRUE(contains(page.body, "action=\"" + counsellor + action + "\"")) << action;
    EXPECT_FALSE(contains(page.body, "action=\"" + self + action + "\"")) << "self" << action;
  }
  EXPECT_TRUE(contains(page.body, "action=\"" + members_of(org_a_) + "/invite\""));
  EXPECT_TRUE(contains(page.body, "No invitations are waiting."));
  EXPECT_TRUE(contains(page.body, "name=\"csrf\" value=\"signed-"));
  EXPECT_FALSE(contains(page.body, "[["));
}

TEST_F(MembersPagesTest, ACoordinatorWithoutTheKeySeesNoAddresses) {
  Member second = add_member(org_a_, "second@example.org", "coordinator");
  Browser browser = signed_in(second);
  auto page = get(browser, members_of(org_a_));
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_TRUE(contains(page.body,
                       "You do not hold this organisation&apos;s key, so email "
                       "addresses cannot be shown."))
      << page.body;
  EXPECT_FALSE(contains(page.body, "@example.org"));
  EXPECT_TRUE(contains(page.body, "Member " + counsellor_.id.str().substr(0, 8)));
  EXPECT_FALSE(contains(page.body, "/grant\"")) << "nothing to grant without the key";
  EXPECT_TRUE(contains(page.body, "/disable\""));
}

TEST_F(MembersPagesTest, AnInvitationShowsALinkThatOpensOnce) {
  Browser browser = signed_in(coordinator_);
  auto page =
      post(browser, members_of(org_a_) + "/invite",
           {{"email", " New.Person@Example.org "}, {"role", "counsellor"}, {"language", "de"}});
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(page.body, "<h1>Invitation link</h1>"));
  EXPECT_TRUE(contains(page.body, "safe channel"));
  EXPECT_TRUE(contains(page.body, "shown only now"));
  EXPECT_TRUE(contains(page.body, "2027-01-18 08:"));  // 72 hours after the fake clock's start
  std::string link = link_after(page.body, "<code id=\"account-link\">/welcome/");
  ASSERT_EQ(link.size(), 32u + 1 + 64u) << page.body;
  auto details = links_->open(link);
  ASSERT_TRUE(details.ok()) << details.error().detail;
  EXPECT_EQ(details->org, org_a_);
  EXPECT_EQ(details->role, domain::Role::Counsellor);
  EXPECT_EQ(details->language, domain::Language::De);

  auto list = get(browser, members_of(org_a_));
  EXPECT_TRUE(contains(list.body, "new.person@example.org")) << list.body;
  EXPECT_FALSE(contains(list.body, link)) << "the link is never shown again";
  EXPECT_FALSE(contains(list.body, "No invitations are waiting."));
  // The same address again: a clear message, no second invitation.
  auto again = post(browser, members_of(org_a_) + "/invite",
                    {{"email", "new.person@example.org"}, {"role", "viewer"}, {"language", "en"}});
  EXPECT_EQ(again.status, 409u);
  EXPECT_TRUE(contains(again.body, "an invitation to it is waiting")) << again.body;
  EXPECT_EQ(pending_tokens(org_a_), 1u);
}

TEST_F(MembersPagesTest, AResetShowsALinkAndWarnsAboutAccess) {
  Browser browser = signed_in(coordinator_);
  auto page = post(browser, member_path(org_a_, counsellor_.id, "reset"));
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_TRUE(contains(page.body, "<h1>Password reset link</h1>"));
  EXPECT_TRUE(contains(page.body,
                       "can read nothing that belongs to the organisation until access "
                       "is granted again"));
  std::string link = link_after(page.body, "<code id=\"account-link\">/reset/");
  auto details = links_->open(link);
  ASSERT_TRUE(details.ok()) << details.error().detail;
  EXPECT_EQ(details->kind, app::AccountTokenKind::PasswordReset);
}

TEST_F(MembersPagesTest, GrantingGivesTheMemberTheKey) {
  ASSERT_EQ(summary_of(org_a_, counsellor_.id).org_key, app::OrgKeyStatus::Pending);
  Browser browser = signed_in(coordinator_);
  auto granted = post(browser, member_path(org_a_, counsellor_.id, "grant"));
  EXPECT_EQ(granted.status, 303u) << granted.body;
  EXPECT_EQ(granted.header("location"), members_of(org_a_) + "?done=granted");
  EXPECT_EQ(summary_of(org_a_, counsellor_.id).org_key, app::OrgKeyStatus::Granted);
  auto list = get(browser, granted.header("location"));
  EXPECT_TRUE(contains(list.body, "Access granted."));
  EXPECT_FALSE(contains(list.body, "<dd>Access pending</dd>"));

  auto twice = post(browser, member_path(org_a_, counsellor_.id, "grant"));
  EXPECT_EQ(twice.status, 409u);
  EXPECT_TRUE(contains(twice.body, "This member already has access."));
}

TEST_F(MembersPagesTest, AGranterWithoutTheKeyIsToldWhy) {
  Member second = add_member(org_a_, "second@example.org", "coordinator");
  Browser browser = signed_in(second);
  auto refused = post(browser, member_path(org_a_, counsellor_.id, "grant"));
  EXPECT_EQ(refused.status, 403u);
  EXPECT_TRUE(contains(refused.body, "You do not hold this organisation&apos;s key yourself"))
      << refused.body;
  EXPECT_EQ(summary_of(org_a_, counsellor_.id).org_key, app::OrgKeyStatus::Pending);
}

TEST_F(MembersPagesTest, EndingSessionsSignsTheMemberOutEverywhere) {
  Browser phone = signed_in(counsellor_);
  Browser laptop = signed_in(counsellor_);
  ASSERT_EQ(get(laptop, "/staff").status, 200u);
  Browser browser = signed_in(coordinator_);
  auto ended = post(browser, member_path(org_a_, counsellor_.id, "end-sessions"));
  EXPECT_EQ(ended.status, 303u) << ended.body;
  EXPECT_EQ(ended.header("location"), members_of(org_a_) + "?ended=2");
  EXPECT_EQ(get(laptop, "/staff").status, 303u);
  EXPECT_EQ(get(phone, "/staff").status, 303u);
  EXPECT_EQ(get(browser, "/staff").status, 200u) << "the coordinator's own session stays";

  auto notice = get(browser, members_of(org_a_) + "?ended=2");
  EXPECT_TRUE(contains(notice.body, "The member was signed out of 2 sessions."));
  notice = get(browser, members_of(org_a_) + "?ended=1");
  EXPECT_TRUE(contains(notice.body, "The member was signed out of 1 session."));
  browser.cookies["lang"] = "ru";
  struct Row {
    std::string_view count;
    std::string_view want;
  };
  for (Row row :
       {Row{"1", "Завершён 1 сеанс сотрудника."}, Row{"3", "Завершено 3 сеанса сотрудника."},
        Row{"5", "Завершено 5 сеансов сотрудника."}}) {
    auto page = get(browser, members_of(org_a_) + "?ended=" + std::string(row.count));
    EXPECT_TRUE(contains(page.body, row.want)) << row.count;
  }
}

TEST_F(MembersPagesTest, DisablingDisablesAndEndsSessions) {
  Browser member = signed_in(counsellor_);
  Browser browser = signed_in(coordinator_);
  auto disabled = post(browser, member_path(org_a_, counsellor_.id, "disable"));
  EXPECT_EQ(disabled.status, 303u) << disabled.body;
  EXPECT_EQ(disabled.header("location"), members_of(org_a_) + "?done=disabled");
  EXPECT_EQ(summary_of(org_a_, counsellor_.id).state, domain::AccountState::Disabled);
  EXPECT_EQ(get(member, "/staff").status, 303u);
  auto list = get(browser, disabled.header("location"));
  EXPECT_TRUE(contains(list.body, "The account is disabled."));
  EXPECT_TRUE(contains(list.body, "<dd>Disabled</dd>"));
  std::string counsellor = members_of(org_a_) + "/" + counsellor_.id.str();
  EXPECT_FALSE(contains(list.body, counsellor + "/disable\"")) << "already disabled";
  EXPECT_FALSE(contains(list.body, counsellor + "/reset\""));
}

TEST_F(MembersPagesTest, FormsWithoutTheCsrfTokenAreRefused) {
  Browser browser = signed_in(coordinator_);
  std::vector<std::pair<std::string, std::string>> const posts = {
      {member_path(org_a_, counsellor_.id, "disable"), "x=1"},
      {member_path(org_a_, counsellor_.id, "grant"), "x=1"},
      {member_path(org_a_, counsellor_.id, "end-sessions"), "x=1"},
      {member_path(org_a_, counsellor_.id, "reset"), "x=1"},
      {members_of(org_a_) + "/invite", "email=a%40example.org&role=viewer&language=en"},
  };
  for (auto const& [path, body] : posts) {
    auto response = send(browser, "POST " + path + " HTTP/1.1", body);
    EXPECT_EQ(response.status, 403u) << path;
    EXPECT_FALSE(contains(response.body, "/welcome/")) << path;
    EXPECT_FALSE(contains(response.body, "/reset/")) << path;
  }
  auto member = summary_of(org_a_, counsellor_.id);
  EXPECT_EQ(member.state, domain::AccountState::Active);
  EXPECT_EQ(member.org_key, app::OrgKeyStatus::Pending);
  EXPECT_EQ(pending_tokens(org_a_), 0u);
}

// DESIGN.md §3: an object of another organisation answers exactly like one that does not
// exist. Byte for byte, once the request's reference is set aside.
TEST_F(MembersPagesTest, AnotherOrganisationAnswersLikeNothingAtAll) {
  Browser browser = signed_in(coordinator_);
  std::string const random_org = domain::OrgId::generate(random_).str();
  std::string const random_member = domain::UserId::generate(random_).str();
  struct Request {
    std::string_view name;
    std::string method;
    std::string path;
  };
  std::vector<Request> const requests = {
      {"B's list", "GET", members_of(org_b_)},
      {"a random org's list", "GET", "/staff/orgs/" + random_org + "/members"},
      {"a malformed org", "GET", "/staff/orgs/not-an-id/members"},
      {"B's member under B", "POST", member_path(org_b_, member_b_.id, "disable")},
      {"B's member under A", "POST", member_path(org_a_, member_b_.id, "disable")},
      {"B's coordinator under A", "POST", member_path(org_a_, coordinator_b_.id, "reset")},
      {"B's member grant", "POST", member_path(org_a_, member_b_.id, "grant")},
      {"B's member sessions", "POST", member_path(org_b_, member_b_.id, "end-sessions")},
      {"a random member", "POST", members_of(org_a_) + "/" + random_member + "/disable"},
      {"a malformed member", "POST", members_of(org_a_) + "/nope/disable"},
      {"invite to B", "POST", members_of(org_b_) + "/invite"},
      {"invite to a random org", "POST", "/staff/orgs/" + random_org + "/members/invite"},
  };
  std::optional<ClientResponse> first;
  for (auto const& request : requests) {
    expect_same_404(
        first,
        request.method == "GET"
            ? get(browser, request.path)
            : post(browser, request.path,
                   {{"email", "x@example.org"}, {"role", "viewer"}, {"language", "en"}}),
        request.name);
  }
  auto member = summary_of(org_b_, member_b_.id);
  EXPECT_EQ(member.state, domain::AccountState::Active);
  EXPECT_EQ(pending_tokens(org_b_), 0u);
  EXPECT_EQ(pending_tokens(org_a_), 0u);
}

TEST_F(MembersPagesTest, ACounsellorSeesTheListButChangesNothing) {
  Browser browser = signed_in(counsellor_);
  auto page = get(browser, members_of(org_a_));
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_TRUE(contains(page.body, "cannot be shown")) << "no grant yet, so no addresses";
  EXPECT_FALSE(contains(page.body, "<form method=\"post\" action=\"" + members_of(org_a_)));
  EXPECT_FALSE(contains(page.body, "/invite\""));
  EXPECT_FALSE(contains(page.body, "Pending invitations"));
  EXPECT_FALSE(contains(get(browser, "/staff").body, members_of(org_a_)))
      << "the start page links coordinators' lists only";

  auto invite = post(browser, members_of(org_a_) + "/invite",
                     {{"email", "friend@example.org"}, {"role", "viewer"}, {"language", "en"}});
  EXPECT_EQ(invite.status, 403u);
  EXPECT_FALSE(contains(invite.body, "/welcome/"));
  Browser coordinator = signed_in(coordinator_);
  for (std::string action : {"disable", "reset", "end-sessions", "grant"}) {
    auto refused = post(browser, member_path(org_a_, coordinator_.id, action));
    EXPECT_EQ(refused.status, 403u) << action;
    EXPECT_TRUE(contains(refused.body, "This action was blocked")) << action;
  }
  EXPECT_EQ(pending_tokens(org_a_), 0u);
  EXPECT_EQ(summary_of(org_a_, coordinator_.id).state, domain::AccountState::Active);
  EXPECT_EQ(get(coordinator, "/staff").status, 200u) << "the coordinator's session lives on";
}

TEST_F(MembersPagesTest, BadInvitationsSayWhatIsWrongAndChangeNothing) {
  Browser browser = signed_in(coordinator_);
  struct Row {
    std::string_view name;
    std::string email;
    std::string role;
    std::string language;
    std::string_view want;
  };
  std::vector<Row> const rows = {
      {"empty email", "", "viewer", "en", "Enter a valid email address"},
      {"no at sign", "person.example.org", "viewer", "en", "Enter a valid email address"},
      {"huge email", std::string(1000, 'a') + "@example.org", "viewer", "en",
       "Enter a valid email address"},
      {"bad role", "person@example.org", "admin", "en", "Choose a role from the list."},
      {"no role", "person@example.org", "", "en", "Choose a role from the list."},
      {"bad language", "person@example.org", "viewer", "fr",
       "Choose the language of their pages from the list."},
  };
  for (auto const& row : rows) {
    auto response = post(browser, members_of(org_a_) + "/invite",
                         {{"email", row.email}, {"role", row.role}, {"language", row.language}});
    EXPECT_EQ(response.status, 400u) << row.name;
    EXPECT_TRUE(
        contains(response.body, "<p class=\"problem\" role=\"alert\">" + std::string(row.want)))
        << row.name << response.body.substr(0, 2000);
    EXPECT_FALSE(contains(response.body, "/welcome/")) << row.name;
    // The form comes back as typed, on the list.
    EXPECT_TRUE(contains(response.body, "counsellor@example.org")) << row.name;
    if (!row.email.empty() && row.email.size() < 100) {
      EXPECT_TRUE(contains(response.body, "value=\"" + row.email + "\"")) << row.name;
    }
  }
  EXPECT_EQ(pending_tokens(org_a_), 0u);
  // Too large for the route at all: the server's own answer, still nothing changed.
  auto huge = post(browser, members_of(org_a_) + "/invite",
                   {{"email", std::string(8000, 'a') + "@example.org"}, {"role", "viewer"}});
  EXPECT_EQ(huge.status, 413u);
  EXPECT_EQ(pending_tokens(org_a_), 0u);
}

TEST_F(MembersPagesTest, NobodyDisablesResetsOrSignsOutThemselvesHere) {
  Browser browser = signed_in(coordinator_);
  struct Row {
    std::string_view action;
    std::string_view want;
  };
  for (Row row : {Row{"disable", "You cannot disable your own account."},
                  Row{"reset", "You cannot send yourself a password reset link."},
                  Row{"end-sessions", "To end your own sessions"}}) {
    auto refused = post(browser, member_path(org_a_, coordinator_.id, row.action));
    EXPECT_EQ(refused.status, 403u) << row.action;
    EXPECT_TRUE(contains(refused.body, row.want)) << row.action << refused.body.substr(0, 2000);
    EXPECT_FALSE(contains(refused.body, "/reset/")) << row.action;
  }
  EXPECT_EQ(summary_of(org_a_, coordinator_.id).state, domain::AccountState::Active);
  EXPECT_EQ(get(browser, "/staff").status, 200u);
  EXPECT_EQ(pending_tokens(org_a_), 0u);
}

TEST_F(MembersPagesTest, TheListSpeaksTheMembersLanguage) {
  Browser browser = signed_in(coordinator_);
  struct Row {
    std::string_view lang;
    std::string_view heading;
    std::string_view pending;
  };
  for (Row row : {Row{"en", "Members of Connection e.V.", "Access pending"},
                  Row{"ru", "Сотрудники: Connection e.V.", "Доступ ещё не открыт"},
                  Row{"uk", "Співробітники: Connection e.V.", "Доступ ще не надано"},
                  Row{"de", "Mitarbeitende: Connection e.V.", "Zugang steht noch aus"}}) {
    browser.cookies["lang"] = std::string(row.lang);
    auto page = get(browser, members_of(org_a_));
    EXPECT_TRUE(contains(page.body, "<html lang=\"" + std::string(row.lang) + "\">")) << row.lang;
    EXPECT_TRUE(contains(page.body, "<h1>" + std::string(row.heading) + "</h1>")) << row.lang;
    EXPECT_TRUE(contains(page.body, row.pending)) << row.lang;
    EXPECT_TRUE(contains(page.body, "name=\"next\" value=\"" + members_of(org_a_) + "\""));
  }
}

}  // namespace
}  // namespace haven::web

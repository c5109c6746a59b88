// The audit log pages through the real server: one organisation's log for its
// coordinators, the network's for network admins, paging, and the answers everyone else
// gets (the same 404 for another organisation, an unknown one and a malformed id).
#include "web/audit_pages.h"

#include <gtest/gtest.h>

#include <string>

#include "account_pages_fixture.h"
#include "i18n/catalog.h"

namespace haven::web {
namespace {

using testing::AccountPagesTest;
using testing::Browser;
using testing::contains;
using testing::without_reference;

std::string short_id(domain::UserId const& id) { return id.str().substr(0, 8); }
std::string short_id(domain::OrgId const& id) { return id.str().substr(0, 8); }

std::size_t rows_on(std::string const& body) {
  std::size_t rows = 0;
  for (auto at = body.find("<tr><td>"); at != std::string::npos;
       at = body.find("<tr><td>", at + 1)) {
    ++rows;
  }
  return rows;
}

std::string audit_path(domain::OrgId const& org) { return "/staff/orgs/" + org.str() + "/audit"; }

class AuditPagesTest : public AccountPagesTest {
 protected:
  void SetUp() override {
    AccountPagesTest::SetUp();
    coordinator_a_.emplace(add_member(org_a_, "coordinator.a@example.org", "coordinator"));
    counsellor_a_.emplace(add_member(org_a_, "counsellor.a@example.org", "counsellor"));
    coordinator_b_.emplace(add_member(org_b_, "coordinator.b@example.org", "coordinator"));
  }

  // `count` entries recorded for `org` by the system, as other use cases would write them.
  void append_entries(domain::OrgId const& org, int count) {
    for (int i = 0; i < count; ++i) {
      auto appended = store_->in_transaction([&](app::Transaction& tx) -> Result<void> {
        auto event = app::AuditEvent::by(app::Actor::system(), app::AuditAction::RoleChanged);
        event.organisation = org;
        event.object_kind = app::AuditObjectKind::User;
        event.object_id = coordinator_a_->id.str();
        auto entry = audit_->append(tx, event);
        if (!entry) return entry.error();
        return {};
      });
      ASSERT_TRUE(appended.ok()) << appended.error().detail;
    }
  }

  std::optional<Member> coordinator_a_;
  std::optional<Member> counsellor_a_;
  std::optional<Member> coordinator_b_;
};

TEST_F(AuditPagesTest, OrganisationLogListsItsEntriesAndNotAnothers) {
  Browser counsellor;
  sign_in_ok(counsellor, *counsellor_a_);
  Browser other;
  sign_in_ok(other, *coordinator_b_);
  Browser coordinator;
  sign_in_ok(coordinator, *coordinator_a_);

  auto home = get(coordinator, "/staff");
  EXPECT_TRUE(contains(home.body, "<a href=\"" + audit_path(org_a_) + "\">Connection e.V.</a>"))
      << home.body;
  EXPECT_FALSE(contains(home.body, "/staff/audit\"")) << "not a network admin";

  auto page = get(coordinator, audit_path(org_a_));
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_TRUE(contains(page.body, "<h1>Audit log</h1>"));
  EXPECT_TRUE(contains(page.body, "<p class=\"lead\">Connection e.V.</p>"));
  EXPECT_TRUE(contains(page.body, "<th scope=\"col\">Time (UTC)</th>"));
  // The counsellor's sign-in: who, what, about whom.
  EXPECT_TRUE(contains(page.body, "<td>" + short_id(counsellor_a_->id) + "</td><td>Sign-in</td>"))
      << page.body;
  EXPECT_TRUE(contains(page.body, "<td>Staff account " + short_id(counsellor_a_->id) + "</td>"));
  EXPECT_TRUE(contains(page.body, "<td>System</td><td>Member added</td>"));
  EXPECT_TRUE(contains(
      page.body, "<td>Organisation added</td><td>Organisation " + short_id(org_a_) + "</td>"));
  EXPECT_FALSE(contains(page.body, short_id(coordinator_b_->id))) << "another organisation's";
  EXPECT_FALSE(contains(page.body, short_id(org_b_)));
  EXPECT_FALSE(contains(page.body, "127.0.0.1"));
  EXPECT_FALSE(contains(page.body, "example.org"));
  EXPECT_FALSE(contains(page.body, "Next page"));
  EXPECT_FALSE(contains(page.body, "[["));

  coordinator.cookies["lang"] = "ru";
  auto russian = get(coordinator, audit_path(org_a_));
  EXPECT_TRUE(contains(russian.body, "<h1>Журнал аудита</h1>"));
  EXPECT_TRUE(contains(russian.body, "<td>Вход</td>"));
  EXPECT_TRUE(contains(russian.body, "<td>Система</td><td>Сотрудник добавлен</td>"));
}

TEST_F(AuditPagesTest, PagingBySequence) {
  append_entries(org_a_, 60);
  Browser coordinator;
  sign_in_ok(coordinator, *coordinator_a_);
  auto first = get(coordinator, audit_path(org_a_));
  ASSERT_EQ(first.status, 200u);
  EXPECT_EQ(rows_on(first.body), kAuditEntriesPerPage);
  EXPECT_FALSE(contains(first.body, "First page"));
  auto at = first.body.find("<a href=\"" + audit_path(org_a_) + "?after=");
  ASSERT_NE(at, std::string::npos) << first.body;
  std::string next = first.body.substr(at + 9, first.body.find('"', at + 9) - at - 9);

  auto second = get(coordinator, next);
  ASSERT_EQ(second.status, 200u);
  auto all = audit_reader_->organisation_page(app::Actor::system(), org_a_, 0, app::kMaxAuditPage);
  ASSERT_TRUE(all.ok());
  ASSERT_GT(all->entries.size(), 60u);
  EXPECT_EQ(rows_on(second.body), all->entries.size() - kAuditEntriesPerPage);
  EXPECT_TRUE(contains(second.body, "<a href=\"" + audit_path(org_a_) + "\">First page</a>"));
  EXPECT_FALSE(contains(second.body, "Next page"));
  EXPECT_TRUE(contains(second.body, "<td>Sign-in</td>")) << "the newest entry comes last";

  auto past_the_end = get(coordinator, audit_path(org_a_) + "?after=100000");
  EXPECT_EQ(past_the_end.status, 200u);
  EXPECT_TRUE(contains(past_the_end.body, "No entries on this page."));
}

TEST_F(AuditPagesTest, AnotherOrganisationAndUnknownIdsAnswerTheSame404) {
  Browser coordinator;
  sign_in_ok(coordinator, *coordinator_a_);
  auto theirs = get(coordinator, audit_path(org_b_));
  auto unknown = get(coordinator, "/staff/orgs/" + std::string(32, '7') + "/audit");
  auto malformed = get(coordinator, "/staff/orgs/not-an-id/audit");
  auto bad_after = get(coordinator, audit_path(org_a_) + "?after=-1");
  for (auto const* response : {&theirs, &unknown, &malformed, &bad_after}) {
    EXPECT_EQ(response->status, 404u) << response->body;
    EXPECT_EQ(without_reference(response->body), without_reference(theirs.body));
    EXPECT_FALSE(contains(response->body, "Antiwar Collective"));
  }
}

TEST_F(AuditPagesTest, ACounsellorGetsWhatThePolicySays) {
  Browser counsellor;
  sign_in_ok(counsellor, *counsellor_a_);
  EXPECT_FALSE(contains(get(counsellor, "/staff").body, "/audit\"")) << "no links to logs";
  // A member without the role knows the organisation exists: 403 (app/policy.h), not 404.
  EXPECT_EQ(get(counsellor, audit_path(org_a_)).status, 403u);
  EXPECT_EQ(get(counsellor, audit_path(org_b_)).status, 404u);
  EXPECT_EQ(get(counsellor, "/staff/audit").status, 404u);
}

TEST_F(AuditPagesTest, NetworkLogOnlyForNetworkAdmins) {
  Browser coordinator;
  sign_in_ok(coordinator, *coordinator_a_);
  auto refused = get(coordinator, "/staff/audit");
  EXPECT_EQ(refused.status, 404u);
  EXPECT_EQ(without_reference(refused.body),
            without_reference(get(coordinator, audit_path(org_b_)).body));

  Member admin = add_member(org_b_, "admin@example.org", "viewer");
  make_network_admin(admin);
  Browser browser;
  sign_in_ok(browser, admin);
  auto home = get(browser, "/staff");
  EXPECT_TRUE(contains(home.body, "<a href=\"/staff/audit\">The whole network</a>")) << home.body;
  EXPECT_TRUE(contains(home.body, "<a href=\"" + audit_path(org_b_) + "\">")) << home.body;

  auto network = get(browser, "/staff/audit");
  ASSERT_EQ(network.status, 200u) << network.body;
  EXPECT_TRUE(contains(network.body, "<p class=\"lead\">The whole network</p>"));
  EXPECT_TRUE(contains(network.body, short_id(org_a_)));
  EXPECT_TRUE(contains(network.body, short_id(org_b_)));
  EXPECT_TRUE(contains(network.body, short_id(coordinator_a_->id)));
  EXPECT_TRUE(contains(network.body, "<td>" + short_id(admin.id) + "</td><td>Sign-in</td>"));

  EXPECT_EQ(get(browser, audit_path(org_a_)).status, 200u) << "any organisation's log";
  EXPECT_EQ(get(browser, "/staff/orgs/" + std::string(32, '7') + "/audit").status, 404u);
}

TEST(AuditActionWordingTest, EveryActionHasATranslatedName) {
  auto catalog = i18n::Catalog::load();
  ASSERT_TRUE(catalog.ok()) << catalog.error().detail;
  auto last = static_cast<int>(app::kLastAuditAction);
  for (int i = 0; i <= last; ++i) {
    auto action = static_cast<app::AuditAction>(i);
    std::string_view msgid = audit_action_msgid(action);
    EXPECT_NE(msgid, "Unknown action") << app::to_string(action);
    EXPECT_EQ(catalog->translate(domain::Language::En, msgid), msgid);
    for (domain::Language language :
         {domain::Language::Ru, domain::Language::Uk, domain::Language::De}) {
      EXPECT_NE(catalog->translate(language, msgid), msgid)
          << app::to_string(action) << " in " << domain::code(language);
    }
  }
}

}  // namespace
}  // namespace haven::web

// The person section of the case page through the real http::Server on port 0 with the real
// use cases on SQLite (account_pages_fixture.h): recording the person, "contacted us before"
// links between cases of one organisation, bad input keeping what was typed, stale versions,
// CSRF, and another organisation's ids answering exactly like missing ones. Nothing typed
// into the form reaches the log.
#include "web/case_person.h"

#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/case_people.h"
#include "app/case_service.h"
#include "cases_pages_fixture.h"
#include "core/log.h"

namespace haven::web {
namespace {

using testing::Browser;
using testing::CasesPagesTest;
using testing::ClientResponse;
using testing::contains;
using testing::expect_same_404;
using testing::without_reference;

constexpr char kAliasCanary[] = "CANARY-Сокол";
constexpr char kNamesCanary[] = "CANARY Ivan <b>Petrov</b>";

class CasePersonPagesTest : public CasesPagesTest {
 protected:
  void configure(web::SiteConfig& config) override {
    CasesPagesTest::configure(config);
    people_.emplace(*store_, clock_, *audit_, pepper_);
    config.case_people = &*people_;
  }

  // A new case of `org` made through the form; its page's path.
  std::string new_case(Browser& browser, domain::OrgId const& org) {
    auto before = get(browser, cases_of(org) + "?queue=all").body;
    auto created = post(
        browser, cases_of(org) + "/new",
        {{"channel", "hotline"}, {"origin", "ru"}, {"language", "ru"}, {"summary", "needs help"}});
    EXPECT_EQ(created.status, 303u) << created.body;
    auto after = get(browser, cases_of(org) + "?queue=all").body;
    // The newest case is listed first.
    std::string marker = "id=\"case-";
    auto at = after.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return cases_of(org) + "/" + after.substr(at, after.find('"', at) - at);
  }

  static Fields person_fields(std::string version, std::string alias, std::string phone = {},
                              std::string email = {}) {
    return {{"version", std::move(version)},
            {"alias", std::move(alias)},
            {"names", kNamesCanary},
            {"born", "1994"},
            {"documents", "passport\r\nno more"},
            {"handle_kind_0", "phone"},
            {"handle_value_0", std::move(phone)},
            {"handle_kind_1", "email"},
            {"handle_value_1", std::move(email)}};
  }

  std::optional<app::CasePeople> people_;
};

TEST_F(CasePersonPagesTest, RecordingThePersonShowsItAndTheEarlierCase) {
  Browser browser = signed_in(*counsellor_);
  std::string first = new_case(browser, org_a_);
  ASSERT_FALSE(first.empty());
  auto page = get(browser, first);
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_TRUE(contains(page.body, "No person is recorded on this case yet."));
  EXPECT_TRUE(contains(page.body, "action=\"" + first + "/person\""));

  auto saved = post(browser, first + "/person",
                    person_fields("0", kAliasCanary, "+7 999 123-45-67", "Ivan@Example.org"));
  ASSERT_EQ(saved.status, 303u) << saved.body;
  EXPECT_EQ(saved.header("location"), first + "#person");
  page = get(browser, first);
  EXPECT_TRUE(contains(page.body, "<dd>CANARY-Сокол</dd>")) << page.body;
  // Escaped, and CRLF became LF.
  EXPECT_TRUE(contains(page.body, "CANARY Ivan &lt;b&gt;Petrov&lt;/b&gt;"));
  EXPECT_TRUE(contains(page.body, "passport\nno more"));
  EXPECT_TRUE(contains(page.body, "<dd>1994</dd>"));
  EXPECT_TRUE(contains(page.body, "+7 999 123-45-67"));
  EXPECT_TRUE(contains(page.body, "ivan@example.org"));
  EXPECT_FALSE(contains(page.body, "Contacted us before:"));
  // The form now carries the person's version.
  EXPECT_TRUE(contains(page.body, "name=\"version\" value=\"1\""));

  // A second case with the same number written the Russian national way... in Germany
  // (the organisation's country) that needs the +7, so write it as 007.
  std::string second = new_case(browser, org_a_);
  ASSERT_EQ(
      post(browser, second + "/person", person_fields("0", "Второй", "007 999 1234567")).status,
      303u);
  page = get(browser, second);
  EXPECT_TRUE(contains(page.body, "Contacted us before:")) << page.body;
  EXPECT_TRUE(contains(page.body, "<a href=\"" + first + "\">DE-")) << page.body;
  page = get(browser, first);
  EXPECT_TRUE(contains(page.body, "<a href=\"" + second + "\">DE-"));

  EXPECT_FALSE(contains(log_text(), "CANARY")) << log_text();
  EXPECT_FALSE(contains(log_text(), "1234567")) << log_text();
}

TEST_F(CasePersonPagesTest, BadInputIsRefusedAndKeepsWhatWasTyped) {
  Browser browser = signed_in(*counsellor_);
  std::string path = new_case(browser, org_a_);
  struct Row {
    std::string_view name;
    Fields fields;
    std::string_view message;
  };
  std::vector<Row> const rows = {
      {"no alias", person_fields("0", ""), "Give the person an alias"},
      {"bad phone", person_fields("0", "Kept alias", "+7 999"), "A phone number is not valid."},
      {"bad email", person_fields("0", "Kept alias", "", "not-an-address"),
       "An email address is not valid."},
      {"future birth",
       {{"version", "0"}, {"alias", "Kept alias"}, {"born", "2999"}},
       "Write the date of birth as a year"},
      {"telegram",
       {{"version", "0"},
        {"alias", "Kept alias"},
        {"handle_kind_0", "telegram"},
        {"handle_value_0", "@ab"}},
       "A Telegram username has 5 to 32 letters"},
      {"no version", {{"alias", "Kept alias"}}, "The form was incomplete."},
      {"garbled version", {{"version", "1x"}, {"alias", "Kept alias"}}, "The form was incomplete."},
  };
  for (auto const& row : rows) {
    auto refused = post(browser, path + "/person", row.fields);
    EXPECT_EQ(refused.status, 400u) << row.name;
    EXPECT_TRUE(contains(refused.body, std::string(row.message))) << row.name << refused.body;
    if (row.name != "no alias") {
      EXPECT_TRUE(contains(refused.body, "value=\"Kept alias\"")) << row.name;
    }
    EXPECT_TRUE(contains(refused.body, "<details open>")) << row.name;
  }
  // What was typed into a refused phone row stays in it.
  auto refused = post(browser, path + "/person", person_fields("0", "A", "+7 999"));
  EXPECT_TRUE(contains(refused.body, "value=\"+7 999\""));
  // Nothing was recorded by any of them.
  EXPECT_TRUE(contains(get(browser, path).body, "No person is recorded on this case yet."));
  // Huge bodies are cut off by the route's cap.
  auto huge = post(browser, path + "/person",
                   {{"version", "0"}, {"alias", "A"}, {"names", std::string(64 * 1024, 'x')}});
  EXPECT_EQ(huge.status, 413u);
}

TEST_F(CasePersonPagesTest, AStaleVersionShowsTheCurrentPersonAndKeepsTheForm) {
  Browser browser = signed_in(*counsellor_);
  std::string path = new_case(browser, org_a_);
  ASSERT_EQ(post(browser, path + "/person", person_fields("0", "First")).status, 303u);
  auto stale = post(browser, path + "/person", person_fields("0", "Second try"));
  EXPECT_EQ(stale.status, 409u);
  EXPECT_TRUE(contains(stale.body, "The person was changed meanwhile."));
  EXPECT_TRUE(contains(stale.body, "<dd>First</dd>"));
  EXPECT_TRUE(contains(stale.body, "value=\"Second try\""));
  // A duplicated submit of the same form after success changes nothing and succeeds.
  auto again = post(browser, path + "/person", person_fields("1", "First"));
  EXPECT_EQ(again.status, 303u);
}

TEST_F(CasePersonPagesTest, FormsWithoutTheCsrfTokenAreRefused) {
  Browser browser = signed_in(*counsellor_);
  std::string path = new_case(browser, org_a_);
  auto response = send(browser, "POST " + path + "/person HTTP/1.1", "version=0&alias=x");
  EXPECT_EQ(response.status, 403u);
  EXPECT_TRUE(contains(get(browser, path).body, "No person is recorded on this case yet."));
}

TEST_F(CasePersonPagesTest, AnotherOrganisationAnswersLikeNothingAtAll) {
  Browser owner = signed_in(*counsellor_);
  std::string path = new_case(owner, org_a_);
  ASSERT_EQ(post(owner, path + "/person", person_fields("0", "Owner")).status, 303u);
  std::string id = path.substr(path.rfind('/') + 1);

  Browser browser = signed_in(*counsellor_b_);
  std::string const random_case = domain::CaseId::generate(random_).str();
  std::vector<std::string> const paths = {
      cases_of(org_a_) + "/" + id + "/person",          cases_of(org_b_) + "/" + id + "/person",
      cases_of(org_b_) + "/" + random_case + "/person", cases_of(org_b_) + "/not-an-id/person",
      "/staff/orgs/not-an-org/cases/" + id + "/person",
  };
  std::optional<ClientResponse> first;
  for (auto const& target : paths) {
    expect_same_404(first, post(browser, target, person_fields("1", "Intruder")), target);
  }
  // A missing page gives the same 404.
  auto missing = get(browser, cases_of(org_b_) + "/" + random_case);
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(without_reference(missing.body), first->body);
  // The owner's person is untouched.
  EXPECT_TRUE(contains(get(owner, path).body, "<dd>Owner</dd>"));
}

}  // namespace
}  // namespace haven::web

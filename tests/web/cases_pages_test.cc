// The case queues and the new case form through the real http::Server on port 0, with the
// real use cases on SQLite in a temp dir (account_pages_fixture.h): listing, creating,
// taking, stale versions, bad input, CSRF, and that another organisation's ids answer
// exactly like missing ones. The summary typed into the form never reaches the log.
#include "web/cases_pages.h"

#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cases_pages_fixture.h"

namespace haven::web {
namespace {

using testing::Browser;
using testing::ClientResponse;
using testing::contains;
using testing::expect_same_404;

constexpr char kCanary[] = "CANARY-summary-7731 Olga Petrova +7 916 555 0101";

using testing::CasesPagesTest;

TEST_F(CasesPagesTest, TheQueueAndTheFormRenderForACounsellor) {
  Browser browser = signed_in(*counsellor_);
  auto home = get(browser, "/staff");
  EXPECT_TRUE(contains(home.body, "href=\"" + cases_of(org_a_) + "\"")) << home.body;

  auto queue = get(browser, cases_of(org_a_));
  ASSERT_EQ(queue.status, 200u) << queue.body;
  EXPECT_EQ(queue.header("cache-control"), "no-store");
  for (std::string_view tab : {"My cases", "Unassigned", "Urgent", "Open cases", "All cases"}) {
    EXPECT_TRUE(contains(queue.body, std::string(tab) + " <span class=\"count\">(0 cases)</span>"))
        << tab;
  }
  EXPECT_TRUE(contains(queue.body, "No cases here."));
  EXPECT_TRUE(contains(queue.body, "<form class=\"filters\" method=\"get\""));

  auto form = get(browser, cases_of(org_a_) + "/new");
  ASSERT_EQ(form.status, 200u) << form.body;
  EXPECT_TRUE(contains(form.body, "name=\"summary\""));
  EXPECT_TRUE(contains(form.body, "value=\"deployment-imminent\""));
  EXPECT_TRUE(contains(form.body, "Conscientious objection, alternative service"));
}

TEST_F(CasesPagesTest, ACreatedCaseIsListedCountedAndTaken) {
  Browser browser = signed_in(*counsellor_);
  auto created = post(browser, cases_of(org_a_) + "/new",
                      new_case_fields(std::string(kCanary) + "\r\nsecond line"));
  ASSERT_EQ(created.status, 303u) << created.body;
  EXPECT_EQ(created.header("location"), cases_of(org_a_) + "?queue=all&done=created");

  auto all = get(browser, created.header("location"));
  ASSERT_EQ(all.status, 200u);
  EXPECT_TRUE(contains(all.body, "The case was created."));
  EXPECT_TRUE(contains(all.body, "All cases <span class=\"count\">(1 case)</span>"));
  EXPECT_TRUE(contains(all.body, "Unassigned <span class=\"count\">(1 case)</span>"));
  EXPECT_TRUE(contains(all.body, "Urgent <span class=\"count\">(1 case)</span>"));
  EXPECT_TRUE(contains(all.body, "My cases <span class=\"count\">(0 cases)</span>"));
  EXPECT_TRUE(contains(all.body, ">DE-")) << "the case number";
  EXPECT_TRUE(contains(all.body, "<dd>Desertion, Asylum</dd>"));
  EXPECT_TRUE(contains(all.body, "<dd>GE</dd>"));
  EXPECT_TRUE(contains(all.body, "<dd>unassigned</dd>"));
  EXPECT_TRUE(contains(all.body, "Detained"));
  EXPECT_FALSE(contains(all.body, "CANARY")) << "queues show metadata only";
  std::string id = only_case_id(all.body);
  ASSERT_FALSE(id.empty());

  // Filters narrow; a filter that matches nothing shows nothing.
  auto asylum = get(browser, cases_of(org_a_) + "?queue=all&topic=asylum&channel=hotline");
  EXPECT_TRUE(contains(asylum.body, "id=\"case-" + id + "\""));
  auto email = get(browser, cases_of(org_a_) + "?queue=all&channel=email");
  EXPECT_FALSE(contains(email.body, "id=\"case-" + id + "\""));
  EXPECT_TRUE(contains(email.body, "All cases <span class=\"count\">(0 cases)</span>"));

  ASSERT_TRUE(contains(all.body, "name=\"assignee\" value=\"" + counsellor_->id.str() + "\""));
  auto taken = post(browser, cases_of(org_a_) + "/" + id + "/assign",
                    {{"version", "1"}, {"assignee", counsellor_->id.str()}});
  ASSERT_EQ(taken.status, 303u) << taken.body;
  auto mine = get(browser, taken.header("location"));
  EXPECT_TRUE(contains(mine.body, "The case is now yours."));
  EXPECT_TRUE(contains(mine.body, "My cases <span class=\"count\">(1 case)</span>"));
  EXPECT_TRUE(contains(mine.body, "<dd>me</dd>"));
  EXPECT_FALSE(contains(mine.body, "/assign\"")) << "no Take button on an assigned case";
  EXPECT_FALSE(contains(log_text(), "CANARY")) << log_text();
}

TEST_F(CasesPagesTest, TheCasePageShowsTheTimelineAndTakesNotesAndStatusChanges) {
  Browser browser = signed_in(*counsellor_);
  auto created =
      post(browser, cases_of(org_a_) + "/new", new_case_fields("first line <b>\r\nsecond line"));
  ASSERT_EQ(created.status, 303u) << created.body;
  std::string id = only_case_id(get(browser, cases_of(org_a_) + "?queue=all").body);
  std::string page_path = cases_of(org_a_) + "/" + id;

  auto page = get(browser, page_path);
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(page.header("cache-control"), "no-store");
  // CRLF became LF, and the text is escaped, its line break kept by the stylesheet.
  EXPECT_TRUE(contains(page.body, "<p class=\"entry-text\">first line &lt;b&gt;\nsecond line</p>"))
      << page.body;
  EXPECT_TRUE(contains(page.body, "<strong>Note</strong> · me · "));
  EXPECT_TRUE(contains(page.body, "name=\"version\" value=\"1\""));
  // From New only Open, Referred and Closed are offered.
  EXPECT_TRUE(contains(page.body, "<option value=\"open\">Open</option>"));
  EXPECT_FALSE(contains(page.body, "<option value=\"waiting-for-person\">"));

  auto noted = post(browser, page_path + "/notes", {{"kind", "call"}, {"text", "called back"}});
  ASSERT_EQ(noted.status, 303u) << noted.body;
  page = get(browser, page_path);
  EXPECT_TRUE(contains(page.body, "<strong>Call</strong> · me · "));
  EXPECT_TRUE(contains(page.body, ">called back</p>"));
  EXPECT_TRUE(contains(page.body, "name=\"version\" value=\"2\"")) << "a note moves the version";
  auto empty = post(browser, page_path + "/notes", {{"kind", "note"}, {"text", " \r\n"}});
  EXPECT_EQ(empty.status, 400u);
  EXPECT_TRUE(contains(empty.body, "Write the note before you add it."));

  auto opened = post(browser, page_path + "/status", {{"version", "2"}, {"status", "open"}});
  ASSERT_EQ(opened.status, 303u) << opened.body;
  page = get(browser, page_path);
  EXPECT_TRUE(contains(page.body, "<strong>Status change</strong>"));
  EXPECT_TRUE(contains(page.body, "<dd>Open</dd>"));

  // A page loaded before the change still says version 2: refused, both states shown.
  auto stale = post(browser, page_path + "/status",
                    {{"version", "2"}, {"status", "closed"}, {"outcome", "resolved"}});
  EXPECT_EQ(stale.status, 409u);
  EXPECT_TRUE(contains(stale.body, "This case was changed meanwhile."));
  EXPECT_TRUE(contains(stale.body, "<dd>Closed: Resolved</dd>")) << "what was submitted";
  EXPECT_TRUE(contains(stale.body, "<dd>Open, ")) << "how the case stands now";
  auto no_outcome = post(browser, page_path + "/status", {{"version", "3"}, {"status", "closed"}});
  EXPECT_EQ(no_outcome.status, 400u);
  EXPECT_TRUE(contains(no_outcome.body, "Choose an outcome when you close a case."));
  page = get(browser, page_path);
  EXPECT_TRUE(contains(page.body, "<dd>Open</dd>")) << "nothing was overwritten";

  auto taken = post(browser, page_path + "/assign",
                    {{"version", "3"}, {"from", "case"}, {"assignee", counsellor_->id.str()}});
  ASSERT_EQ(taken.status, 303u) << taken.body;
  EXPECT_EQ(taken.header("location"), page_path);
  page = get(browser, page_path);
  EXPECT_TRUE(contains(page.body, "<dd>me</dd>"));
  EXPECT_TRUE(contains(page.body, "Give back"));
  EXPECT_FALSE(contains(log_text(), "first line")) << log_text();
  EXPECT_FALSE(contains(log_text(), "called back")) << log_text();
}

TEST_F(CasesPagesTest, WithoutTheKeyTheCasePageSaysToAskACoordinator) {
  Browser owner = signed_in(*counsellor_);
  ASSERT_EQ(post(owner, cases_of(org_a_) + "/new", new_case_fields("needs help")).status, 303u);
  std::string id = only_case_id(get(owner, cases_of(org_a_) + "?queue=all").body);
  Browser browser = signed_in(*pending_);
  auto page = get(browser, cases_of(org_a_) + "/" + id);
  EXPECT_EQ(page.status, 403u);
  EXPECT_TRUE(contains(page.body, "a coordinator must grant you access"));
  EXPECT_FALSE(contains(page.body, "needs help"));
  // The case page's forms, posted anyway, get the same answer and change nothing.
  std::string path = cases_of(org_a_) + "/" + id;
  std::vector<std::pair<std::string, Fields>> const changes = {
      {"/notes", {{"text", "CANARY-pending-note"}, {"kind", "note"}}},
      {"/status", {{"version", "1"}, {"status", "closed"}, {"outcome", "resolved"}}},
      {"/assign", {{"version", "1"}, {"from", "case"}, {"assignee", pending_->id.str()}}},
  };
  for (auto const& [action, fields] : changes) {
    auto refused = post(browser, path + action, fields);
    EXPECT_EQ(refused.status, 403u) << action;
    EXPECT_TRUE(contains(refused.body, "a coordinator must grant you access")) << action;
  }
  auto unchanged = get(owner, path);
  EXPECT_FALSE(contains(unchanged.body, "CANARY-pending-note"));
  EXPECT_TRUE(contains(unchanged.body, "name=\"version\" value=\"1\"")) << unchanged.body;
}

TEST_F(CasesPagesTest, AStaleVersionSaysTheCaseChangedAndChangesNothing) {
  Browser browser = signed_in(*counsellor_);
  ASSERT_EQ(post(browser, cases_of(org_a_) + "/new", new_case_fields("needs help")).status, 303u);
  std::string id = only_case_id(get(browser, cases_of(org_a_) + "?queue=all").body);
  auto stale = post(browser, cases_of(org_a_) + "/" + id + "/assign",
                    {{"version", "7"}, {"assignee", counsellor_->id.str()}});
  EXPECT_EQ(stale.status, 409u);
  EXPECT_TRUE(contains(stale.body, "This case was changed meanwhile."));
  EXPECT_TRUE(contains(stale.body, "My cases <span class=\"count\">(0 cases)</span>"));
}

TEST_F(CasesPagesTest, AMemberWithoutTheKeyIsToldToAskACoordinator) {
  Browser browser = signed_in(*pending_);
  auto refused = post(browser, cases_of(org_a_) + "/new", new_case_fields("needs help"));
  EXPECT_EQ(refused.status, 403u);
  EXPECT_TRUE(contains(refused.body, "a coordinator must grant you access"));
  EXPECT_TRUE(contains(refused.body, "needs help")) << "what was typed is kept";
}

TEST_F(CasesPagesTest, BadInputSaysWhatIsWrongAndCreatesNothing) {
  Browser browser = signed_in(*counsellor_);
  struct Row {
    std::string_view name;
    std::string field, value;
    unsigned want_status;
    std::string_view want_text;
  };
  std::vector<Row> const rows = {
      {"empty summary", "summary", " \r\n ", 400, "Write a short summary"},
      {"unknown topic", "topic", "smuggling", 400, "A topic is not known."},
      {"unknown urgency", "urgency", "bored", 400, "An urgency flag is not known."},
      {"unknown country", "country", "XX", 400, "not a known two-letter code"},
      {"unknown channel", "channel", "pigeon", 400, "Choose a channel from the list."},
      {"summary over the cap", "summary", std::string(250 * 1024, 'a'), 413, ""},
  };
  for (Row const& row : rows) {
    Fields fields = new_case_fields("kept summary text");
    bool replaced = false;
    for (auto& [name, value] : fields) {
      if (name == row.field && !replaced) {
        value = row.value;
        replaced = true;
      }
    }
    if (!replaced) fields.emplace_back(row.field, row.value);
    auto response = post(browser, cases_of(org_a_) + "/new", fields);
    EXPECT_EQ(response.status, row.want_status) << row.name;
    EXPECT_TRUE(contains(response.body, std::string(row.want_text))) << row.name;
    if (row.want_status == 400 && row.field != "summary") {
      EXPECT_TRUE(contains(response.body, ">kept summary text</textarea>")) << row.name;
    }
  }
  auto bad_filter = get(browser, cases_of(org_a_) + "?status=sleeping");
  EXPECT_EQ(bad_filter.status, 400u);
  EXPECT_TRUE(contains(bad_filter.body, "This filter is not known."));
  auto bad_queue = get(browser, cases_of(org_a_) + "?queue=everything");
  EXPECT_EQ(bad_queue.status, 400u);
  auto all = get(browser, cases_of(org_a_) + "?queue=all");
  EXPECT_TRUE(contains(all.body, "All cases <span class=\"count\">(0 cases)</span>"));
}

TEST_F(CasesPagesTest, FormsWithoutTheCsrfTokenAreRefused) {
  Browser browser = signed_in(*counsellor_);
  auto response = send(browser, "POST " + cases_of(org_a_) + "/new HTTP/1.1",
                       "channel=hotline&origin=ru&language=ru&summary=x");
  EXPECT_EQ(response.status, 403u);
  auto all = get(browser, cases_of(org_a_) + "?queue=all");
  EXPECT_TRUE(contains(all.body, "All cases <span class=\"count\">(0 cases)</span>"));
}

// DESIGN.md §3: another organisation's cases answer exactly like ones that do not exist.
TEST_F(CasesPagesTest, AnotherOrganisationAnswersLikeNothingAtAll) {
  Browser owner = signed_in(*counsellor_);
  ASSERT_EQ(post(owner, cases_of(org_a_) + "/new", new_case_fields("needs help")).status, 303u);
  std::string id = only_case_id(get(owner, cases_of(org_a_) + "?queue=all").body);
  ASSERT_FALSE(id.empty());

  Browser browser = signed_in(*counsellor_b_);
  std::string const random_org = domain::OrgId::generate(random_).str();
  std::string const random_case = domain::CaseId::generate(random_).str();
  Fields const take = {{"version", "1"}, {"assignee", counsellor_b_->id.str()}};
  struct Request {
    std::string_view name;
    std::string method;
    std::string path;
    Fields fields;
  };
  std::vector<Request> const requests = {
      {"A's queue", "GET", cases_of(org_a_), {}},
      {"A's form", "GET", cases_of(org_a_) + "/new", {}},
      {"a random org's queue", "GET", "/staff/orgs/" + random_org + "/cases", {}},
      {"a malformed org", "GET", "/staff/orgs/not-an-id/cases", {}},
      {"create in A", "POST", cases_of(org_a_) + "/new", new_case_fields("x")},
      {"take A's case in A", "POST", cases_of(org_a_) + "/" + id + "/assign", take},
      {"take A's case in B", "POST", cases_of(org_b_) + "/" + id + "/assign", take},
      {"take a random case", "POST", cases_of(org_b_) + "/" + random_case + "/assign", take},
      {"take a malformed case", "POST", cases_of(org_b_) + "/nope/assign", take},
      {"A's case page in A", "GET", cases_of(org_a_) + "/" + id, {}},
      {"A's case page in B", "GET", cases_of(org_b_) + "/" + id, {}},
      {"a random case page", "GET", cases_of(org_b_) + "/" + random_case, {}},
      {"a note in A", "POST", cases_of(org_a_) + "/" + id + "/notes", {{"text", "x"}}},
      {"a note in B", "POST", cases_of(org_b_) + "/" + id + "/notes", {{"text", "x"}}},
      {"a status in A",
       "POST",
       cases_of(org_a_) + "/" + id + "/status",
       {{"version", "1"}, {"status", "open"}}},
      {"a status in B",
       "POST",
       cases_of(org_b_) + "/" + id + "/status",
       {{"version", "1"}, {"status", "open"}}},
      {"a random case's status",
       "POST",
       cases_of(org_b_) + "/" + random_case + "/status",
       {{"version", "1"}, {"status", "open"}}},
  };
  std::optional<ClientResponse> first;
  for (auto const& request : requests) {
    expect_same_404(first,
                    request.method == "GET" ? get(browser, request.path)
                                            : post(browser, request.path, request.fields),
                    request.name);
  }
  auto all = get(owner, cases_of(org_a_) + "?queue=all");
  EXPECT_TRUE(contains(all.body, "All cases <span class=\"count\">(1 case)</span>"));
  EXPECT_TRUE(contains(all.body, "<dd>unassigned</dd>"));
  auto page = get(owner, cases_of(org_a_) + "/" + id);
  EXPECT_TRUE(contains(page.body, "<dd>New</dd>"));
  EXPECT_FALSE(contains(page.body, "<strong>Note</strong> · a colleague")) << "no note from B";
}

}  // namespace
}  // namespace haven::web

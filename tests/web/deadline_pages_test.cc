// Deadlines through the real http::Server on port 0 with the real use cases on SQLite in a
// temp dir (account_pages_fixture.h): the case page's deadline section and its forms, a
// form sent twice, bad dates that keep what was typed, the agenda on the staff home with
// plural counts, the overdue and waiting queues, and another organisation's ids answering
// exactly like missing ones. The note typed into the form never reaches the log.
#include "web/deadline_pages.h"

#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/case_deadlines.h"
#include "app/case_service.h"
#include "cases_pages_fixture.h"
#include "core/log.h"
#include "domain/deadline.h"

namespace haven::web {
namespace {

using testing::Browser;
using testing::CasesPagesTest;
using testing::ClientResponse;
using testing::contains;
using testing::expect_same_404;
using testing::without_reference;

constexpr char kNoteCanary[] = "CANARY-deadline-5521 BAMF Anhörung Frau Sokolova";

std::size_t occurrences(std::string const& text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class DeadlinePagesTest : public CasesPagesTest {
 protected:
  void configure(web::SiteConfig& config) override {
    CasesPagesTest::configure(config);
    deadlines_.emplace(*store_, clock_, random_, *audit_);
    config.deadlines = &*deadlines_;
  }

  // A new case of organisation A, taken by the counsellor; its page's path.
  std::string new_taken_case(Browser& browser) {
    auto created = post(browser, cases_of(org_a_) + "/new",
                        {{"channel", "hotline"},
                         {"origin", "ru"},
                         {"language", "ru"},
                         {"topic", "asylum"},
                         {"summary", "needs help"}});
    EXPECT_EQ(created.status, 303u) << created.body;
    std::string id = only_case_id(get(browser, cases_of(org_a_) + "?queue=all").body);
    if (id.empty()) return {};
    std::string path = cases_of(org_a_) + "/" + id;
    auto page = get(browser, path);
    if (!contains(page.body, "<dd>me</dd>")) {
      auto taken = post(browser, path + "/assign",
                        {{"version", "1"}, {"from", "case"}, {"assignee", counsellor_->id.str()}});
      EXPECT_EQ(taken.status, 303u) << taken.body;
    }
    return path;
  }

  std::string day(int from_today) const {
    return domain::format_day(domain::Day{std::chrono::sys_days{domain::utc_day(clock_.now())} +
                                          std::chrono::days{from_today}});
  }

  static Fields deadline(std::string kind, std::string day, std::string note = kNoteCanary,
                         std::string time = "") {
    return {{"kind", std::move(kind)},
            {"day", std::move(day)},
            {"time", std::move(time)},
            {"note", std::move(note)}};
  }

  // The version a case page's change forms carry.
  static std::string version_of(std::string const& page) {
    std::string marker = "name=\"version\" value=\"";
    auto at = page.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return page.substr(at, page.find('"', at) - at);
  }

  // The path of the first "Mark as done" form on a case page.
  static std::string first_done_path(std::string const& page) {
    auto at = page.find("/done\"");
    if (at == std::string::npos) return {};
    auto start = page.rfind("action=\"", at) + 8;
    return page.substr(start, at + 5 - start);
  }

  std::optional<app::CaseDeadlines> deadlines_;
};

TEST_F(DeadlinePagesTest, SetListedOnceAndMarkedDone) {
  Browser browser = signed_in(*counsellor_);
  std::string path = new_taken_case(browser);
  ASSERT_FALSE(path.empty());
  auto page = get(browser, path);
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_TRUE(contains(page.body, "<h2 id=\"deadlines\">Deadlines</h2>"));
  EXPECT_TRUE(contains(page.body, "No open deadlines."));
  EXPECT_TRUE(contains(page.body, "<option value=\"asylum-hearing\">Asylum hearing</option>"));
  EXPECT_FALSE(contains(page.body, "name=\"past\"")) << "the past box only after a past date";

  auto fields = deadline("asylum-hearing", day(3), std::string(kNoteCanary) + "\r\nRoom 12");
  auto set = post(browser, path + "/deadlines", fields);
  ASSERT_EQ(set.status, 303u) << set.body;
  EXPECT_EQ(set.header("location"), path);
  // The same form again (a double click, a reload): still one deadline.
  ASSERT_EQ(post(browser, path + "/deadlines", fields).status, 303u);
  ASSERT_EQ(post(browser, path + "/deadlines", deadline("callback", day(1), "", "09:30")).status,
            303u);
  page = get(browser, path);
  EXPECT_EQ(occurrences(page.body, "<strong>Asylum hearing</strong> · " + day(3)), 1u) << page.body;
  EXPECT_TRUE(
      contains(page.body, "<p class=\"entry-text\">" + std::string(kNoteCanary) + "\nRoom 12</p>"));
  EXPECT_TRUE(contains(page.body, "<strong>Callback</strong> · " + day(1) + " 09:30 UTC"));
  EXPECT_LT(page.body.find("<strong>Callback</strong>"),
            page.body.find("<strong>Asylum hearing</strong>"))
      << "sooner first";

  std::string done_path = first_done_path(page.body);
  ASSERT_FALSE(done_path.empty());
  auto done = post(browser, done_path, {});
  ASSERT_EQ(done.status, 303u) << done.body;
  EXPECT_EQ(post(browser, done_path, {}).status, 303u) << "done twice is harmless";
  page = get(browser, path);
  EXPECT_TRUE(contains(page.body, "<summary>Done deadlines</summary>"));
  EXPECT_TRUE(contains(page.body, " 09:30 UTC · Done ")) << page.body;
  EXPECT_TRUE(contains(page.body, " by me</p>"));
  EXPECT_EQ(occurrences(page.body, "Mark as done"), 1u);
  EXPECT_FALSE(contains(log_text(), "CANARY")) << log_text();
}

TEST_F(DeadlinePagesTest, BadInputSaysWhatIsWrongKeepsWhatWasTypedAndSetsNothing) {
  Browser browser = signed_in(*counsellor_);
  std::string path = new_taken_case(browser);
  ASSERT_FALSE(path.empty());
  struct Row {
    std::string_view name;
    Fields fields;
    unsigned want_status;
    std::string_view want_text;
  };
  std::vector<Row> const rows = {
      {"no kind", deadline("", day(2)), 400, "Choose what kind of deadline this is."},
      {"unknown kind", deadline("birthday", day(2)), 400, "Choose what kind of deadline this is."},
      {"no date", deadline("appeal-deadline", ""), 400, "Enter the date when it falls due."},
      {"30 February", deadline("appeal-deadline", "2026-02-30"), 400, "This date does not exist."},
      {"not a date", deadline("appeal-deadline", "next tuesday"), 400, "This date does not exist."},
      {"huge date", deadline("appeal-deadline", std::string(5000, '9')), 400,
       "This date does not exist."},
      {"full-width digits", deadline("appeal-deadline", "２０２６-01-01"), 400,
       "This date does not exist."},
      {"time on a hearing", deadline("asylum-hearing", day(2), kNoteCanary, "10:00"), 400,
       "Only a callback has a time of day."},
      {"bad time", deadline("callback", day(2), kNoteCanary, "25:00"), 400,
       "Enter the time as hours and minutes"},
      {"yesterday", deadline("appeal-deadline", day(-1)), 400, "This date has passed."},
      {"two years ago", deadline("appeal-deadline", day(-800)), 400, "more than a year ago"},
      {"eleven years ahead", deadline("document-expiry", day(4100)), 400,
       "more than ten years ahead"},
      {"control character in the note", deadline("other", day(2), "bell \x07"), 400,
       "The note is too long or holds characters"},
      {"note over the cap", deadline("other", day(2), std::string(30 * 1024, 'a')), 413, ""},
  };
  for (Row const& row : rows) {
    auto response = post(browser, path + "/deadlines", row.fields);
    EXPECT_EQ(response.status, row.want_status) << row.name;
    EXPECT_TRUE(contains(response.body, std::string(row.want_text))) << row.name;
    if (row.want_status == 400 && row.name != "control character in the note") {
      EXPECT_TRUE(contains(response.body, std::string(kNoteCanary) + "</textarea>")) << row.name;
    }
  }
  auto yesterday = post(browser, path + "/deadlines", deadline("appeal-deadline", day(-1)));
  EXPECT_TRUE(contains(yesterday.body, "name=\"past\" value=\"yes\"")) << "the box is offered";
  EXPECT_TRUE(contains(yesterday.body, "value=\"" + day(-1) + "\""));
  EXPECT_TRUE(contains(yesterday.body, "<option value=\"appeal-deadline\" selected>"));
  auto page = get(browser, path);
  EXPECT_TRUE(contains(page.body, "No open deadlines.")) << "nothing was set";

  // Confirmed, a past date is recorded (and is overdue at once).
  auto fields = deadline("appeal-deadline", day(-1));
  fields.emplace_back("past", "yes");
  ASSERT_EQ(post(browser, path + "/deadlines", fields).status, 303u);
  page = get(browser, path);
  EXPECT_TRUE(contains(page.body, "<strong>Appeal deadline</strong> · " + day(-1) +
                                      " · <span class=\"urgent\">overdue</span>"));
  EXPECT_FALSE(contains(log_text(), "CANARY")) << log_text();
}

TEST_F(DeadlinePagesTest, TheStaffHomeShowsTheAgendaWithPluralCounts) {
  Browser browser = signed_in(*counsellor_);
  auto home = get(browser, "/staff");
  EXPECT_TRUE(contains(home.body, "Your deadlines"));
  EXPECT_TRUE(contains(home.body, "Overdue <span class=\"count\">(0 deadlines)</span>"));

  std::string path = new_taken_case(browser);
  ASSERT_FALSE(path.empty());
  auto past = deadline("appeal-deadline", day(-2));
  past.emplace_back("past", "yes");
  ASSERT_EQ(post(browser, path + "/deadlines", past).status, 303u);
  ASSERT_EQ(post(browser, path + "/deadlines", deadline("callback", day(0), "", "08:00")).status,
            303u);
  for (int ahead : {1, 2, 7}) {
    ASSERT_EQ(post(browser, path + "/deadlines", deadline("asylum-hearing", day(ahead))).status,
              303u);
  }
  ASSERT_EQ(post(browser, path + "/deadlines", deadline("asylum-hearing", day(8))).status, 303u);

  home = get(browser, "/staff");
  ASSERT_EQ(home.status, 200u);
  EXPECT_TRUE(contains(home.body, "Overdue <span class=\"count\">(1 deadline)</span>"))
      << home.body;
  EXPECT_TRUE(contains(home.body, "Today <span class=\"count\">(1 deadline)</span>"));
  EXPECT_TRUE(contains(home.body, "This week <span class=\"count\">(3 deadlines)</span>"));
  EXPECT_TRUE(contains(home.body, "<a href=\"" + path + "\">DE-"));
  EXPECT_FALSE(contains(home.body, day(8))) << "beyond a week";
  EXPECT_FALSE(contains(home.body, "CANARY")) << "the agenda opens no notes";

  // In Russian: "1 срок", "3 срока".
  browser.cookies["lang"] = "ru";
  home = get(browser, "/staff");
  EXPECT_TRUE(contains(home.body, "Просрочено <span class=\"count\">(1 срок)</span>")) << home.body;
  EXPECT_TRUE(contains(home.body, "Ближайшие 7 дней <span class=\"count\">(3 срока)</span>"));
  browser.cookies["lang"] = "uk";
  home = get(browser, "/staff");
  EXPECT_TRUE(contains(home.body, "Сьогодні <span class=\"count\">(1 строк)</span>"));
}

TEST_F(DeadlinePagesTest, OverdueAndWaitingQueuesCountCases) {
  Browser browser = signed_in(*counsellor_);
  std::string path = new_taken_case(browser);
  ASSERT_FALSE(path.empty());
  auto queue = get(browser, cases_of(org_a_));
  EXPECT_TRUE(contains(queue.body, "Overdue <span class=\"count\">(0 cases)</span>")) << queue.body;
  EXPECT_TRUE(contains(queue.body, "Waiting <span class=\"count\">(0 cases)</span>"));

  auto past = deadline("appeal-deadline", day(-1));
  past.emplace_back("past", "yes");
  ASSERT_EQ(post(browser, path + "/deadlines", past).status, 303u);
  ASSERT_EQ(post(browser, path + "/deadlines", deadline("other", day(5))).status, 303u);
  auto overdue = get(browser, cases_of(org_a_) + "?queue=overdue");
  ASSERT_EQ(overdue.status, 200u);
  EXPECT_TRUE(contains(overdue.body, "Overdue <span class=\"count\">(1 case)</span>"));
  EXPECT_TRUE(contains(overdue.body, "id=\"case-" + path.substr(path.rfind('/') + 1) + "\""));

  // Tomorrow nothing new is overdue; marking the overdue one done empties the queue.
  auto page = get(browser, path);
  ASSERT_EQ(post(browser, first_done_path(page.body), {}).status, 303u);
  overdue = get(browser, cases_of(org_a_) + "?queue=overdue");
  EXPECT_TRUE(contains(overdue.body, "Overdue <span class=\"count\">(0 cases)</span>"));

  ASSERT_EQ(post(browser, path + "/status",
                 {{"version", version_of(get(browser, path).body)}, {"status", "open"}})
                .status,
            303u);
  ASSERT_EQ(
      post(browser, path + "/status",
           {{"version", version_of(get(browser, path).body)}, {"status", "waiting-for-authority"}})
          .status,
      303u);
  auto waiting = get(browser, cases_of(org_a_) + "?queue=waiting");
  EXPECT_TRUE(contains(waiting.body, "Waiting <span class=\"count\">(1 case)</span>"));
  browser.cookies["lang"] = "ru";
  waiting = get(browser, cases_of(org_a_) + "?queue=waiting");
  EXPECT_TRUE(contains(waiting.body, "В ожидании <span class=\"count\">(1 дело)</span>"))
      << waiting.body;
}

// DESIGN.md §3: another organisation's cases and deadlines answer like ones that do not exist.
TEST_F(DeadlinePagesTest, AnotherOrganisationAnswersLikeNothingAtAll) {
  Browser owner = signed_in(*counsellor_);
  std::string path = new_taken_case(owner);
  ASSERT_FALSE(path.empty());
  ASSERT_EQ(post(owner, path + "/deadlines", deadline("other", day(2))).status, 303u);
  std::string done_path = first_done_path(get(owner, path).body);
  ASSERT_FALSE(done_path.empty());
  std::string case_id = path.substr(path.rfind('/') + 1);
  std::string deadline_id =
      done_path.substr(done_path.rfind("/deadlines/") + 11, domain::DeadlineId::kBytes * 2);

  Browser browser = signed_in(*counsellor_b_);
  std::string const random_case = domain::CaseId::generate(random_).str();
  std::string const random_deadline = domain::DeadlineId::generate(random_).str();
  std::string const b_case = cases_of(org_b_) + "/" + case_id;
  struct Request {
    std::string_view name;
    std::string path;
    Fields fields;
  };
  std::vector<Request> const requests = {
      {"set on A's case in A", path + "/deadlines", deadline("other", day(3))},
      {"set on A's case in B", b_case + "/deadlines", deadline("other", day(3))},
      {"set on a random case", cases_of(org_b_) + "/" + random_case + "/deadlines",
       deadline("other", day(3))},
      {"done in A", done_path, {}},
      {"done in B", b_case + "/deadlines/" + deadline_id + "/done", {}},
      {"done, a random deadline", path + "/deadlines/" + random_deadline + "/done", {}},
      {"done, a malformed deadline", path + "/deadlines/nope/done", {}},
  };
  std::optional<ClientResponse> first;
  for (auto const& request : requests) {
    expect_same_404(first, post(browser, request.path, request.fields), request.name);
  }
  // The owner's own random or malformed deadline ids get the same 404.
  for (std::string const& bad :
       {path + "/deadlines/" + random_deadline + "/done", path + "/deadlines/nope/done"}) {
    auto response = post(owner, bad, {});
    EXPECT_EQ(response.status, 404u) << bad;
    EXPECT_EQ(without_reference(response.body), first->body) << bad;
  }
  auto page = get(owner, path);
  EXPECT_EQ(occurrences(page.body, "Mark as done"), 1u) << "nothing set or done from B";
}

TEST_F(DeadlinePagesTest, FormsWithoutTheCsrfTokenAreRefused) {
  Browser browser = signed_in(*counsellor_);
  std::string path = new_taken_case(browser);
  ASSERT_FALSE(path.empty());
  auto response =
      send(browser, "POST " + path + "/deadlines HTTP/1.1", "kind=other&day=" + day(2) + "&note=x");
  EXPECT_EQ(response.status, 403u);
  EXPECT_TRUE(contains(get(browser, path).body, "No open deadlines."));
}

}  // namespace
}  // namespace haven::web

// The hotline call form through the real http::Server on port 0 with the real use cases on
// SQLite (cases_pages_fixture.h): the form, "Check number" keeping what was typed and
// showing the earlier case, a call saved on a new case and then on the same case by its
// number, refused fields keeping what was typed, a form sent twice, and another
// organisation answering exactly like a missing one. Nothing typed reaches the log.
#include "web/hotline_pages.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/case_deadlines.h"
#include "app/case_people.h"
#include "app/hotline_calls.h"
#include "cases_pages_fixture.h"
#include "domain/deadline.h"

namespace haven::web {
namespace {

using testing::Browser;
using testing::CasesPagesTest;
using testing::ClientResponse;
using testing::contains;
using testing::without_reference;

constexpr char kNumber[] = "+7 912 555-01-47";
constexpr char kSummaryCanary[] = "CANARY-CALL <b>повестка</b>";

class HotlinePagesTest : public CasesPagesTest {
 protected:
  void configure(web::SiteConfig& config) override {
    CasesPagesTest::configure(config);
    people_.emplace(*store_, clock_, *audit_, pepper_);
    deadlines_.emplace(*store_, clock_, random_, *audit_);
    hotline_.emplace(*store_, clock_, random_, *audit_, *cases_, *people_, *deadlines_);
    config.case_people = &*people_;
    config.deadlines = &*deadlines_;
    config.hotline = &*hotline_;
  }

  static std::string calls_of(domain::OrgId const& org) {
    return "/staff/orgs/" + org.str() + "/calls/new";
  }

  // The one-time form id of a rendered form.
  static std::string form_id_in(std::string const& page) {
    std::string marker = "name=\"form\" value=\"";
    auto at = page.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return page.substr(at, page.find('"', at) - at);
  }

  std::string tomorrow() {
    auto today = domain::utc_day(clock_.now());
    return domain::format_day(domain::Day{std::chrono::sys_days{today} + std::chrono::days{1}});
  }

  Fields call_fields(std::string form, std::string number = kNumber) {
    return {{"form", std::move(form)},
            {"number", std::move(number)},
            {"language", "ru"},
            {"minutes", "12"},
            {"summary", kSummaryCanary},
            {"followup", "none"},
            {"target", "new"},
            {"origin", "ru"},
            {"country", "ge"},
            {"topic", "desertion"},
            {"urgency", "summons-received"},
            {"take", "yes"},
            {"action", "save"}};
  }

  std::string fresh_form(Browser& browser, domain::OrgId const& org) {
    auto page = get(browser, calls_of(org));
    EXPECT_EQ(page.status, 200u) << page.body;
    return form_id_in(page.body);
  }

  static void set(Fields& fields, std::string const& name, std::string value) {
    for (auto& [key, old] : fields) {
      if (key == name) {
        old = std::move(value);
        return;
      }
    }
    fields.emplace_back(name, std::move(value));
  }

  std::optional<app::CasePeople> people_;
  std::optional<app::CaseDeadlines> deadlines_;
  std::optional<app::HotlineCalls> hotline_;
};

TEST_F(HotlinePagesTest, TheFormRendersAndIsLinkedFromTheQueueAndTheHome) {
  Browser browser = signed_in(*counsellor_);
  auto page = get(browser, calls_of(org_a_));
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(form_id_in(page.body).size(), 32u);
  EXPECT_TRUE(contains(page.body, "name=\"number\""));
  EXPECT_TRUE(contains(page.body, "name=\"action\" value=\"check\""));
  EXPECT_TRUE(contains(page.body, "name=\"callback_day\""));
  EXPECT_TRUE(contains(page.body, "name=\"case_number\""));
  EXPECT_EQ(page.header("cache-control"), "no-store");
  // Every view draws a new one-time id.
  EXPECT_NE(form_id_in(get(browser, calls_of(org_a_)).body), form_id_in(page.body));
  EXPECT_TRUE(contains(get(browser, cases_of(org_a_)).body, "href=\"" + calls_of(org_a_) + "\""));
  EXPECT_TRUE(contains(get(browser, "/staff").body, "href=\"" + calls_of(org_a_) + "\""));
}

TEST_F(HotlinePagesTest, CheckingTheNumberKeepsTheFormAndShowsTheEarlierCase) {
  Browser browser = signed_in(*counsellor_);
  auto form = fresh_form(browser, org_a_);
  auto fields = call_fields(form);
  set(fields, "action", "check");
  auto checked = post(browser, calls_of(org_a_), fields);
  ASSERT_EQ(checked.status, 200u) << checked.body;
  EXPECT_TRUE(contains(checked.body, "No earlier calls from this number.")) << checked.body;
  EXPECT_TRUE(contains(checked.body, "value=\"" + form + "\""));
  EXPECT_TRUE(contains(checked.body, "CANARY-CALL &lt;b&gt;повестка&lt;/b&gt;"));
  EXPECT_TRUE(contains(checked.body, "value=\"+7 912 555-01-47\""));
  EXPECT_TRUE(contains(checked.body, "value=\"desertion\" checked"));
  EXPECT_TRUE(contains(checked.body, "value=\"summons-received\" checked"));
  // Nothing was saved by checking.
  EXPECT_TRUE(only_case_id(get(browser, cases_of(org_a_) + "?queue=all").body).empty());

  auto saved = post(browser, calls_of(org_a_), call_fields(form));
  ASSERT_EQ(saved.status, 303u) << saved.body;
  std::string case_href = saved.header("location");
  EXPECT_EQ(case_href.rfind(cases_of(org_a_) + "/", 0), 0u) << case_href;

  // The next call from the same number, written another way, shows the case.
  auto next = call_fields(fresh_form(browser, org_a_), "+7 (912) 555 01 47");
  set(next, "action", "check");
  checked = post(browser, calls_of(org_a_), next);
  ASSERT_EQ(checked.status, 200u);
  EXPECT_TRUE(contains(checked.body, "This number called before:")) << checked.body;
  EXPECT_TRUE(contains(checked.body, "<a href=\"" + case_href + "\">DE-"));

  // An unreadable number is the number's problem, the form kept.
  set(next, "number", "12");
  checked = post(browser, calls_of(org_a_), next);
  EXPECT_EQ(checked.status, 400u);
  EXPECT_TRUE(contains(checked.body, "A phone number is not valid"));
  EXPECT_TRUE(contains(checked.body, "CANARY-CALL"));
  EXPECT_FALSE(contains(log_text(), "CANARY")) << log_text();
  EXPECT_FALSE(contains(log_text(), "5550147")) << log_text();
  EXPECT_FALSE(contains(log_text(), "555-01")) << log_text();
}

TEST_F(HotlinePagesTest, SavingMakesTheCaseAndASecondCallJoinsItByNumber) {
  Browser browser = signed_in(*counsellor_);
  auto fields = call_fields(fresh_form(browser, org_a_));
  set(fields, "followup", "callback");
  set(fields, "callback_day", tomorrow());
  set(fields, "callback_time", "09:30");
  auto saved = post(browser, calls_of(org_a_), fields);
  ASSERT_EQ(saved.status, 303u) << saved.body;
  std::string case_href = saved.header("location");
  auto page = get(browser, case_href);
  ASSERT_EQ(page.status, 200u);
  EXPECT_TRUE(contains(page.body, "Call, 12 min, ru")) << page.body;
  EXPECT_TRUE(contains(page.body, "CANARY-CALL &lt;b&gt;повестка&lt;/b&gt;"));
  EXPECT_TRUE(contains(page.body, "Caller DE-")) << page.body;
  EXPECT_TRUE(contains(page.body, tomorrow() + " 09:30 UTC"));
  auto start = page.body.find("<h1>");
  ASSERT_NE(start, std::string::npos);
  std::string number = page.body.substr(start + 4, page.body.find("</h1>") - start - 4);
  ASSERT_EQ(number.rfind("DE-", 0), 0u) << number;
  // On the counsellor's agenda.
  EXPECT_TRUE(contains(get(browser, "/staff").body, number));

  auto second = call_fields(fresh_form(browser, org_a_), "+7 (912) 555 01 47");
  set(second, "target", "existing");
  set(second, "case_number", " " + number + " ");
  set(second, "summary", "second call");
  set(second, "minutes", "");
  auto joined = post(browser, calls_of(org_a_), second);
  ASSERT_EQ(joined.status, 303u) << joined.body;
  EXPECT_EQ(joined.header("location"), case_href);
  page = get(browser, case_href);
  EXPECT_TRUE(contains(page.body, "Call, ru\nsecond call") ||
              contains(page.body, "Call, ru\n\nsecond call"))
      << page.body;
}

TEST_F(HotlinePagesTest, RefusedFieldsAreNamedAndTheFormIsKept) {
  Browser browser = signed_in(*counsellor_);
  std::string form = fresh_form(browser, org_a_);
  struct Row {
    std::string name, field, value, message;
  };
  std::vector<Row> const rows = {
      {"blank summary", "summary", " \r\n ", "Write a short summary of the call."},
      {"minutes", "minutes", "601", "whole minutes from 0 to 600"},
      {"minutes not a number", "minutes", "ten", "whole minutes from 0 to 600"},
      {"number", "number", "+7 000", "A phone number is not valid"},
      {"unknown origin", "origin", "mars", "origin from the list."},
      {"country", "country", "XX", "not a known two-letter code"},
      {"language", "language", "tlh", "Choose a language from the list."},
      {"case number", "target", "existing", "Enter the case number"},
      {"huge summary", "summary", std::string(20'000, 'x'), "too long"},
  };
  for (auto const& row : rows) {
    auto fields = call_fields(form);
    set(fields, row.field, row.value);
    auto refused = post(browser, calls_of(org_a_), fields);
    EXPECT_EQ(refused.status, 400u) << row.name;
    EXPECT_TRUE(contains(refused.body, row.message))
        << row.name << refused.body.substr(0, std::min<std::size_t>(refused.body.size(), 3000));
    EXPECT_TRUE(contains(refused.body, "value=\"" + form + "\"")) << row.name;
    EXPECT_TRUE(contains(refused.body, "aria-invalid=\"true\"") ||
                contains(refused.body, "class=\"problem\""))
        << row.name;
    if (row.field != "summary") {
      EXPECT_TRUE(contains(refused.body, "CANARY-CALL &lt;b&gt;повестка")) << row.name;
    }
  }
  // A callback in the past, and one without a date.
  auto fields = call_fields(form);
  set(fields, "followup", "callback");
  set(fields, "callback_day", "2001-01-01");
  auto refused = post(browser, calls_of(org_a_), fields);
  EXPECT_EQ(refused.status, 400u);
  EXPECT_TRUE(contains(refused.body, "value=\"2001-01-01\""));
  set(fields, "callback_day", "");
  refused = post(browser, calls_of(org_a_), fields);
  EXPECT_TRUE(contains(refused.body, "Enter the date of the callback."));
  // An unknown case number: its own field's message.
  fields = call_fields(form);
  set(fields, "target", "existing");
  set(fields, "case_number", "DE-1999-0001");
  refused = post(browser, calls_of(org_a_), fields);
  EXPECT_EQ(refused.status, 400u);
  EXPECT_TRUE(contains(refused.body, "No case of your organisation has this number."));
  EXPECT_TRUE(contains(refused.body, "value=\"DE-1999-0001\""));
  // A form without its one-time id gets a new one and saves nothing.
  fields = call_fields("");
  refused = post(browser, calls_of(org_a_), fields);
  EXPECT_EQ(refused.status, 400u);
  EXPECT_EQ(form_id_in(refused.body).size(), 32u);
  // Nothing was saved by any of them.
  EXPECT_TRUE(only_case_id(get(browser, cases_of(org_a_) + "?queue=all").body).empty());
  EXPECT_FALSE(contains(log_text(), "CANARY")) << log_text();
}

TEST_F(HotlinePagesTest, TheSameFormSentTwiceMakesOneCase) {
  Browser browser = signed_in(*counsellor_);
  auto fields = call_fields(fresh_form(browser, org_a_));
  auto first = post(browser, calls_of(org_a_), fields);
  ASSERT_EQ(first.status, 303u) << first.body;
  auto again = post(browser, calls_of(org_a_), fields);
  ASSERT_EQ(again.status, 303u) << again.body;
  EXPECT_EQ(again.header("location"), first.header("location"));
  auto queue = get(browser, cases_of(org_a_) + "?queue=all").body;
  std::size_t rows = 0;
  for (auto at = queue.find("id=\"case-"); at != std::string::npos;
       at = queue.find("id=\"case-", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 1u);
}

TEST_F(HotlinePagesTest, RefusalsOfAccessAndCsrf) {
  // No grant of the organisation key: the "ask a coordinator" message, nothing saved.
  Browser pending = signed_in(*pending_);
  auto form = fresh_form(pending, org_a_);
  auto refused = post(pending, calls_of(org_a_), call_fields(form));
  EXPECT_EQ(refused.status, 403u);
  EXPECT_TRUE(contains(refused.body, "a coordinator must grant you access")) << refused.body;
  EXPECT_TRUE(contains(refused.body, "CANARY-CALL"));
  // Without the CSRF token.
  Browser browser = signed_in(*counsellor_);
  auto response = send(browser, "POST " + calls_of(org_a_) + " HTTP/1.1",
                       "form=" + fresh_form(browser, org_a_) + "&summary=x&origin=ru");
  EXPECT_EQ(response.status, 403u);
  EXPECT_TRUE(only_case_id(get(browser, cases_of(org_a_) + "?queue=all").body).empty());
}

TEST_F(HotlinePagesTest, AnotherOrganisationAnswersLikeNothingAtAll) {
  Browser owner = signed_in(*counsellor_);
  auto saved = post(owner, calls_of(org_a_), call_fields(fresh_form(owner, org_a_)));
  ASSERT_EQ(saved.status, 303u);
  Browser browser = signed_in(*counsellor_b_);
  std::optional<ClientResponse> first;
  auto form = fresh_form(browser, org_b_);
  testing::expect_same_404(first, get(browser, calls_of(org_a_)), "get A");
  testing::expect_same_404(first, post(browser, calls_of(org_a_), call_fields(form)), "post A");
  auto check = call_fields(form);
  set(check, "action", "check");
  testing::expect_same_404(first, post(browser, calls_of(org_a_), check), "check A");
  testing::expect_same_404(first, get(browser, "/staff/orgs/not-an-org/calls/new"), "bad id");
  testing::expect_same_404(first, get(browser, calls_of(domain::OrgId::generate(random_))),
                           "random org");
  // B's own check does not see A's case with that number.
  auto own = post(browser, calls_of(org_b_), check);
  EXPECT_EQ(own.status, 200u);
  EXPECT_TRUE(contains(own.body, "No earlier calls from this number.")) << own.body;
}

}  // namespace
}  // namespace haven::web

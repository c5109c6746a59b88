#include "app/hotline_calls.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "app/case_deadlines.h"
#include "app/case_people.h"
#include "cases_fixture.h"

namespace haven::app::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kNumberCanary[] = "+7 912 555-01-47";
constexpr char kNumberDigits[] = "79125550147";
constexpr char kCallSummaryCanary[] = "CANARY-HOTLINE повестка на 12 марта";

class HotlineCallsTest : public CaseServiceTest {
 protected:
  void SetUp() override {
    CaseServiceTest::SetUp();
    people_.emplace(*store_, clock_, audit_, pepper_);
    deadlines_.emplace(*store_, clock_, random_, audit_);
    calls_.emplace(*store_, clock_, random_, audit_, *cases_, *people_, *deadlines_);
  }

  HotlineCall new_case_call(std::string number = kNumberCanary) {
    NewCallCase target{.metadata = metadata(), .alias = {}, .default_alias = "Caller {number}"};
    target.metadata.channel = domain::Channel::Email;  // log_call makes it a hotline case
    return HotlineCall{.form = CallFormId::generate(random_),
                       .caller_number = std::move(number),
                       .language = domain::Language::Ru,
                       .minutes = 12,
                       .summary = kCallSummaryCanary,
                       .callback = std::nullopt,
                       .new_case = std::move(target),
                       .case_number = {}};
  }

  HotlineCall existing_case_call(std::string case_number, std::string number = kNumberCanary) {
    auto call = new_case_call(std::move(number));
    call.new_case.reset();
    call.case_number = std::move(case_number);
    return call;
  }

  Result<LoggedCall> log(Member const& member, HotlineCall const& call,
                         domain::OrgId const* org = nullptr) {
    return calls_->log_call(actor(member), member.keys, org ? *org : org_b_, call);
  }

  LoggedCall logged(Member const& member, HotlineCall const& call) {
    auto done = log(member, call);
    // gtest reports the exception as the test's failure; there is no call to go on with.
    if (!done.ok()) throw std::runtime_error("log_call failed: " + done.error().detail);
    return std::move(done).value();
  }

  domain::Day day_after(int days) {
    return domain::Day{std::chrono::sys_days{domain::utc_day(clock_.now())} +
                       std::chrono::days{days}};
  }

  // Rows everywhere a call writes, to show that a refused one wrote nothing.
  struct Counts {
    std::int64_t cases, entries_b;
    std::size_t audit;
    bool operator==(Counts const&) const = default;
  };
  Counts counts(std::optional<domain::Case> const& record = std::nullopt) {
    return Counts{case_count(org_b_), record ? entry_count(*record) : 0, audit_entries().size()};
  }

  std::optional<CasePeople> people_;
  std::optional<CaseDeadlines> deadlines_;
  std::optional<HotlineCalls> calls_;
};

TEST_F(HotlineCallsTest, ACallOnANewCaseMakesAHotlineCaseWithTheCallerAndTheRecord) {
  auto done = logged(counsellor_, new_case_call());
  EXPECT_TRUE(done.created_case);
  EXPECT_FALSE(done.repeated);
  auto const& record = done.record;
  EXPECT_EQ(record.metadata.channel, domain::Channel::Hotline);
  EXPECT_EQ(record.metadata.status, domain::CaseStatus::New);
  EXPECT_EQ(record.metadata.language, domain::Language::Ru);
  EXPECT_TRUE(record.metadata.topics.contains(domain::Topic::Desertion));

  auto case_page = opened(colleague_, record);
  ASSERT_EQ(case_page.entries.size(), 1u);
  EXPECT_EQ(case_page.entries[0].kind, EntryKind::Call);
  EXPECT_EQ(case_page.entries[0].text, std::string("Call, 12 min, ru\n\n") + kCallSummaryCanary);

  auto person = people_->read(actor(colleague_), colleague_.keys, org_b_, record.id);
  ASSERT_TRUE(person.ok()) << person.error().detail;
  ASSERT_TRUE(person->person.has_value());
  EXPECT_EQ(person->person->alias, "Caller " + record.number);
  ASSERT_EQ(person->handles.size(), 1u);
  EXPECT_EQ(person->handles[0].handle.value, std::string("+") + kNumberDigits);
}

TEST_F(HotlineCallsTest, TheRecordsFirstLineNamesDurationAndLanguage) {
  auto call = new_case_call();
  call.summary = "s";
  call.language = domain::Language::De;
  EXPECT_EQ(call_record_text(call), "Call, 12 min, de\n\ns");
  call.minutes.reset();
  EXPECT_EQ(call_record_text(call), "Call, de\n\ns");
  call.minutes = 0;
  EXPECT_EQ(call_record_text(call), "Call, 0 min, de\n\ns");
}

TEST_F(HotlineCallsTest, ASecondCallIsAddedToTheExistingCaseAndFoundByItsNumber) {
  auto first = logged(counsellor_, new_case_call());
  auto hint = calls_->called_before(actor(colleague_), org_b_, "+7 (912) 555 01 47");
  ASSERT_TRUE(hint.ok()) << hint.error().detail;
  ASSERT_EQ(hint->size(), 1u);
  EXPECT_EQ((*hint)[0].id, first.record.id);

  // Typed in lower case with spaces around: the same case.
  auto second_call = existing_case_call(" " + first.record.number + " ");
  for (char& c : second_call.case_number) c = static_cast<char>(std::tolower(c));
  second_call.summary = "second call";
  second_call.minutes.reset();
  auto second = logged(colleague_, second_call);
  EXPECT_FALSE(second.created_case);
  EXPECT_EQ(second.record.id, first.record.id);
  EXPECT_EQ(second.record.version, first.record.version + 1);
  EXPECT_EQ(stored(first.record).version, second.record.version);

  auto case_page = opened(colleague_, first.record);
  ASSERT_EQ(case_page.entries.size(), 2u);
  EXPECT_EQ(case_page.entries[1].kind, EntryKind::Call);
  EXPECT_EQ(case_page.entries[1].text, "Call, ru\n\nsecond call");
  // The number was already the person's: one handle still.
  auto person = people_->read(actor(colleague_), colleague_.keys, org_b_, first.record.id);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->handles.size(), 1u);

  // Another number is added to the person.
  auto third = existing_case_call(first.record.number, "+49 30 1234567");
  ASSERT_TRUE(log(counsellor_, third).ok());
  person = people_->read(actor(colleague_), colleague_.keys, org_b_, first.record.id);
  ASSERT_TRUE(person.ok());
  ASSERT_EQ(person->handles.size(), 2u);
  EXPECT_EQ(person->handles[1].handle.value, "+49301234567");
  EXPECT_EQ(person->person->alias, "Caller " + first.record.number);
}

TEST_F(HotlineCallsTest, AHiddenNumberMakesACaseWithoutAPersonUnlessAnAliasIsGiven) {
  auto hidden = logged(counsellor_, new_case_call(""));
  auto person = people_->read(actor(counsellor_), counsellor_.keys, org_b_, hidden.record.id);
  ASSERT_TRUE(person.ok());
  EXPECT_FALSE(person->person.has_value());

  auto named = new_case_call("  ");
  named.new_case->alias = "Сокол";
  auto with_alias = logged(counsellor_, named);
  person = people_->read(actor(counsellor_), counsellor_.keys, org_b_, with_alias.record.id);
  ASSERT_TRUE(person.ok());
  ASSERT_TRUE(person->person.has_value());
  EXPECT_EQ(person->person->alias, "Сокол");
  EXPECT_TRUE(person->handles.empty());
}

TEST_F(HotlineCallsTest, ACallbackBecomesACallbackDeadline) {
  auto call = new_case_call();
  call.callback = domain::DueDate{.day = day_after(1), .time = 9h + 30min};
  call.new_case->metadata.assignee = counsellor_.id;
  auto done = logged(counsellor_, call);
  EXPECT_EQ(done.record.metadata.assignee, counsellor_.id);
  auto listed = deadlines_->list(actor(counsellor_), counsellor_.keys, org_b_, done.record.id);
  ASSERT_TRUE(listed.ok()) << listed.error().detail;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].kind, domain::DeadlineKind::Callback);
  EXPECT_EQ((*listed)[0].due, *call.callback);
  // On the counsellor's agenda, this week.
  auto agenda = deadlines_->agenda(actor(counsellor_));
  ASSERT_TRUE(agenda.ok());
  ASSERT_EQ(agenda->organisations.size(), 1u);
  EXPECT_EQ(agenda->organisations[0].this_week.size(), 1u);
}

TEST_F(HotlineCallsTest, BadFormsNameTheFieldAndWriteNothing) {
  auto existing = logged(counsellor_, new_case_call());
  struct Row {
    std::string name;
    std::function<void(HotlineCall&)> change;
    std::string_view want;
  };
  std::vector<Row> rows = {
      {"malformed number", [](HotlineCall& c) { c.caller_number = "12"; }, kBadPhone},
      {"letters for a number", [](HotlineCall& c) { c.caller_number = "call me"; }, kBadPhone},
      {"negative duration", [](HotlineCall& c) { c.minutes = -1; }, kBadCallMinutes},
      {"duration too long", [](HotlineCall& c) { c.minutes = 601; }, kBadCallMinutes},
      {"empty summary", [](HotlineCall& c) { c.summary = " \n "; }, kBadCallSummary},
      {"huge summary", [](HotlineCall& c) { c.summary = std::string(20'000, 'x'); },
       kBadCallSummary},
      {"bad UTF-8 summary", [](HotlineCall& c) { c.summary = "\xff\xfe"; }, kBadCallSummary},
      {"past callback",
       [this](HotlineCall& c) { c.callback = domain::DueDate{.day = day_after(-1), .time = {}}; },
       kBadCallback},
      {"bad alias", [](HotlineCall& c) { c.new_case->alias = "two\nlines"; }, kBadAlias},
      {"unknown case number",
       [](HotlineCall& c) {
         c.new_case.reset();
         c.case_number = "DE-1999-0001";
       },
       kUnknownCaseNumber},
      {"empty case number",
       [](HotlineCall& c) {
         c.new_case.reset();
         c.case_number = "  ";
       },
       kUnknownCaseNumber},
      {"bad number on an existing case",
       [&](HotlineCall& c) {
         c.new_case.reset();
         c.case_number = existing.record.number;
         c.caller_number = "+7 000";
       },
       kBadPhone},
  };
  auto before = counts(existing.record);
  for (auto const& row : rows) {
    auto call = new_case_call();
    row.change(call);
    auto refused = log(counsellor_, call);
    ASSERT_FALSE(refused.ok()) << row.name;
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput) << row.name;
    EXPECT_EQ(refused.error().detail, row.want) << row.name;
    EXPECT_EQ(counts(existing.record), before) << row.name;
  }
}

TEST_F(HotlineCallsTest, AnotherOrganisationsCaseNumberIsRefusedLikeAnUnknownOne) {
  // Both organisations are in Germany: A's first case has B's first case's number, so B
  // asks for A's fourth, a number B never issued.
  logged(counsellor_, new_case_call());
  logged(counsellor_, new_case_call());
  auto a_case = cases_->create(actor(outsider_), outsider_.keys, org_a_,
                               NewCase{.metadata = metadata(), .summary = "a"});
  ASSERT_TRUE(a_case.ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(cases_
                    ->create(actor(outsider_), outsider_.keys, org_a_,
                             NewCase{.metadata = metadata(), .summary = "a"})
                    .ok());
  }
  // A's fourth case has a number B never issued.
  auto a_cases =
      store_->in_transaction([&](Transaction& tx) { return tx.cases().list(all_cases(org_a_)); },
                             TransactionMode::ReadOnly);
  ASSERT_TRUE(a_cases.ok());
  auto const& a_newest = a_cases->front();
  auto other = log(counsellor_, existing_case_call(a_newest.number));
  auto unknown = log(counsellor_, existing_case_call("DE-2027-9999"));
  ASSERT_FALSE(other.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(other.error().code, unknown.error().code);
  EXPECT_EQ(other.error().detail, unknown.error().detail);
  EXPECT_EQ(entry_count(a_newest), 1);
}

TEST_F(HotlineCallsTest, PolicyAndKeysDecideWhoMayLogACall) {
  auto existing = logged(counsellor_, new_case_call());
  auto before = counts(existing.record);
  // No grant of the organisation key: the page's "ask a coordinator".
  auto pending = log(pending_, new_case_call());
  ASSERT_FALSE(pending.ok());
  EXPECT_EQ(pending.error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(pending.error().detail, kNoOrgKeyGrant);
  auto pending_existing = log(pending_, existing_case_call(existing.record.number));
  EXPECT_EQ(error_of(pending_existing).detail, kNoOrgKeyGrant);
  // Roles that do not work on cases.
  EXPECT_EQ(error_of(log(editor_, new_case_call())).code, ErrorCode::PermissionDenied);
  EXPECT_EQ(error_of(log(viewer_, existing_case_call(existing.record.number))).code,
            ErrorCode::PermissionDenied);
  // Another organisation's member: the NotFound of a missing case, whatever the target.
  auto outsider_new = log(outsider_, new_case_call());
  auto outsider_existing = log(outsider_, existing_case_call(existing.record.number));
  EXPECT_EQ(error_of(outsider_new).code, ErrorCode::NotFound);
  EXPECT_EQ(error_of(outsider_existing).code, ErrorCode::NotFound);
  EXPECT_EQ(error_of(outsider_new).detail, error_of(outsider_existing).detail);
  EXPECT_EQ(counts(existing.record), before);
}

TEST_F(HotlineCallsTest, TheSameFormSentTwiceLogsOneCall) {
  auto call = new_case_call();
  call.callback = domain::DueDate{.day = day_after(2), .time = std::nullopt};
  auto first = logged(counsellor_, call);
  auto before = counts(first.record);
  auto again = logged(counsellor_, call);
  EXPECT_TRUE(again.repeated);
  EXPECT_FALSE(again.created_case);
  EXPECT_EQ(again.record.id, first.record.id);
  EXPECT_EQ(counts(first.record), before);
  // Back, and the same form pointed at an existing case: still the case it made.
  auto other = logged(counsellor_, new_case_call());
  auto retarget = call;
  retarget.new_case.reset();
  retarget.case_number = other.record.number;
  auto retargeted = logged(counsellor_, retarget);
  EXPECT_TRUE(retargeted.repeated);
  EXPECT_EQ(retargeted.record.id, first.record.id);
  EXPECT_EQ(entry_count(other.record), 1);

  // A form adding to an existing case, sent twice: one entry.
  auto add = existing_case_call(first.record.number);
  auto added = logged(colleague_, add);
  EXPECT_FALSE(added.repeated);
  auto entries = entry_count(first.record);
  auto added_again = logged(colleague_, add);
  EXPECT_TRUE(added_again.repeated);
  EXPECT_EQ(entry_count(first.record), entries);
  // ... and then pointed at a new case: refused, nothing made.
  auto as_new = add;
  as_new.new_case = new_case_call().new_case;
  auto cases_before = case_count(org_b_);
  auto refused = log(colleague_, as_new);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  EXPECT_EQ(refused.error().detail, kCallAlreadyLogged);
  EXPECT_EQ(case_count(org_b_), cases_before);
}

TEST_F(HotlineCallsTest, AFullPersonRefusesANewNumberAndWritesNothing) {
  auto first = logged(counsellor_, new_case_call());
  auto person = people_->read(actor(counsellor_), counsellor_.keys, org_b_, first.record.id);
  ASSERT_TRUE(person.ok());
  PersonForm form{.alias = "Caller", .names = {}, .born = {}, .documents = {}, .handles = {}};
  for (int i = 0; i < 10; ++i) {
    form.handles.push_back({domain::ContactKind::Phone, "+49 30 123456" + std::to_string(i)});
  }
  ASSERT_TRUE(people_
                  ->save(actor(counsellor_), counsellor_.keys, org_b_, first.record.id,
                         person->version, form)
                  .result.ok());
  auto before = counts(stored(first.record));
  auto refused = log(counsellor_, existing_case_call(first.record.number, "+49 30 9876543"));
  EXPECT_EQ(error_of(refused).detail, kTooManyHandles);
  EXPECT_EQ(counts(stored(first.record)), before);
  // A number the person holds already is fine.
  EXPECT_TRUE(log(counsellor_, existing_case_call(first.record.number, "+49 30 1234560")).ok());
}

TEST_F(HotlineCallsTest, TheNumberAndSummaryNeverReachTheAuditLogOrTheDatabase) {
  auto before = audit_entries().size();
  auto call = new_case_call();
  call.callback = domain::DueDate{.day = day_after(1), .time = std::nullopt};
  auto first = logged(counsellor_, call);
  ASSERT_TRUE(calls_->called_before(actor(counsellor_), org_b_, kNumberCanary).ok());
  logged(counsellor_, existing_case_call(first.record.number));
  auto entries = audit_entries();
  std::vector<AuditAction> actions;
  for (std::size_t i = before; i < entries.size(); ++i) {
    actions.push_back(entries[i].action);
    if (entries[i].action == AuditAction::ContactLookedUp) {
      EXPECT_EQ(entries[i].object_kind, AuditObjectKind::None);
    } else {
      EXPECT_EQ(entries[i].object_kind, AuditObjectKind::Case);
      EXPECT_EQ(entries[i].object_id, first.record.id.str());
    }
  }
  EXPECT_EQ(actions,
            (std::vector<AuditAction>{AuditAction::CaseCreated, AuditAction::PersonChanged,
                                      AuditAction::DeadlineSet, AuditAction::ContactLookedUp,
                                      AuditAction::CaseNoteAdded}));

  auto wal = haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"));
  store_.reset();
  auto rows = haven::testing::all_stored_values(db_path());
  ASSERT_TRUE(contains(rows, first.record.number));
  for (std::string const& haystack :
       {rows, haven::testing::file_bytes(db_path()), wal,
        haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"))}) {
    for (std::string_view canary :
         {std::string_view(kNumberDigits), std::string_view("912 555"), std::string_view("CANARY"),
          std::string_view("повестка"), std::string_view("Caller")}) {
      EXPECT_FALSE(contains(haystack, canary)) << canary;
    }
  }
}

}  // namespace
}  // namespace haven::app::testing

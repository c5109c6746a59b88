// CaseService on the real SQLite store: cases created with a sealed summary and opened with
// the reader's grant of the organisation key, per-organisation case numbers, queues, notes,
// another organisation's cases answering like missing ones, refusals that write nothing,
// audit entries without content, and a database file that holds none of the words typed
// into it. Status changes, versions and assignment: case_changes_test.cc.
#include "app/case_service.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cases_fixture.h"

namespace haven::app {
namespace {

// CaseStatus, EntryKind, Outcome, Role and the fixture.
using namespace haven::app::testing;

TEST_F(CaseServiceTest, CreatedCaseOpensWithItsSummary) {
  auto now = clock_.now();
  auto made = create(counsellor_, org_b_);
  ASSERT_TRUE(made.ok()) << made.error().detail;
  EXPECT_EQ(made->org, org_b_);
  EXPECT_EQ(made->number, "DE-2027-0001");
  EXPECT_EQ(made->metadata.status, CaseStatus::New);
  EXPECT_EQ(made->metadata, metadata());
  EXPECT_EQ(made->version, 1);
  EXPECT_EQ(made->created_at, now);
  EXPECT_FALSE(made->closed_at.has_value());
  EXPECT_EQ(stored(*made).number, made->number);

  // A colleague holding the key reads what the counsellor wrote.
  auto case_file = opened(colleague_, *made);
  EXPECT_EQ(case_file.record.id, made->id);
  EXPECT_EQ(case_file.total_entries, 1);
  ASSERT_EQ(case_file.entries.size(), 1u);
  EXPECT_EQ(case_file.entries[0].kind, EntryKind::Note);
  EXPECT_EQ(case_file.entries[0].author, counsellor_.id);
  EXPECT_EQ(case_file.entries[0].at, now);
  EXPECT_EQ(case_file.entries[0].text, kSummaryCanary);
}

TEST_F(CaseServiceTest, CaseNumbersCountPerOrganisationAndYear) {
  EXPECT_EQ(created(counsellor_, org_b_).number, "DE-2027-0001");
  EXPECT_EQ(created(coordinator_, org_b_).number, "DE-2027-0002");
  EXPECT_EQ(created(outsider_, org_a_).number, "DE-2027-0001");
  clock_.advance(std::chrono::days(366));
  EXPECT_EQ(created(counsellor_, org_b_).number, "DE-2028-0001");
  EXPECT_EQ(created(outsider_, org_a_).number, "DE-2028-0001");
}

TEST_F(CaseServiceTest, QueuesFilterAndCount) {
  auto plain = created(counsellor_, org_b_);
  clock_.advance(1min);
  auto urgent_meta = metadata();
  urgent_meta.urgency.insert(domain::Urgency::Detained);
  auto urgent = created(counsellor_, org_b_, urgent_meta);
  clock_.advance(1min);
  auto mine_meta = metadata();
  mine_meta.assignee = counsellor_.id;
  auto mine = created(counsellor_, org_b_, mine_meta);
  created(outsider_, org_a_);  // another organisation's: in none of B's queues

  // Every query names organisation A: ignored, the organisation argument decides.
  using Ids = std::vector<domain::CaseId>;
  auto page = [&](auto narrow) {
    CaseQuery query = all_cases(org_a_);
    narrow(query);
    auto got = cases_->list(actor(colleague_), org_b_, query);
    EXPECT_TRUE(got.ok()) << got.error().detail;
    Ids ids;
    for (auto const& record : got->cases) ids.push_back(record.id);
    return std::make_pair(ids, got->total);
  };
  EXPECT_EQ(page([](CaseQuery&) {}),
            std::make_pair(Ids{mine.id, urgent.id, plain.id}, std::int64_t{3}));
  EXPECT_EQ(page([](CaseQuery& q) {
              q.order = CaseQuery::Order::OldestFirst;
              q.limit = 2;
            }),
            std::make_pair(Ids{plain.id, urgent.id}, std::int64_t{3}));
  EXPECT_EQ(page([](CaseQuery& q) {
              q.limit = 1;
              q.offset = 2;
            }),
            std::make_pair(Ids{plain.id}, std::int64_t{3}));
  EXPECT_EQ(page([](CaseQuery& q) { q.urgent_only = true; }),
            std::make_pair(Ids{urgent.id}, std::int64_t{1}));
  EXPECT_EQ(page([&](CaseQuery& q) { q.assignee = counsellor_.id; }),
            std::make_pair(Ids{mine.id}, std::int64_t{1}));
  EXPECT_EQ(page([](CaseQuery& q) { q.unassigned_only = true; }),
            std::make_pair(Ids{urgent.id, plain.id}, std::int64_t{2}));
  EXPECT_EQ(page([](CaseQuery& q) { q.status = CaseStatus::Closed; }),
            std::make_pair(Ids{}, std::int64_t{0}));

  for (std::size_t bad : {std::size_t{0}, kMaxCasePage + 1}) {
    CaseQuery query = all_cases(org_b_);
    query.limit = bad;
    auto refused = cases_->list(actor(colleague_), org_b_, query);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput) << bad;
  }
}

TEST_F(CaseServiceTest, AQueuePageComesWithEachTabsCount) {
  auto plain = created(counsellor_, org_b_);
  clock_.advance(1min);
  auto urgent_meta = metadata();
  urgent_meta.urgency.insert(domain::Urgency::Detained);
  auto urgent = created(counsellor_, org_b_, urgent_meta);
  clock_.advance(1min);
  auto mine_meta = metadata();
  mine_meta.assignee = counsellor_.id;
  created(counsellor_, org_b_, mine_meta);
  created(outsider_, org_a_);

  CaseQuery all = all_cases(org_a_);  // the organisation argument decides
  CaseQuery mine = all;
  mine.assignee = counsellor_.id;
  CaseQuery unassigned = all;
  unassigned.unassigned_only = true;
  CaseQuery overdue = all;
  overdue.overdue_only = true;
  CaseQuery page = unassigned;
  page.order = CaseQuery::Order::OldestFirst;
  page.limit = 1;
  auto view = cases_->queue(actor(colleague_), org_b_, page, {all, mine, unassigned, overdue});
  ASSERT_TRUE(view.ok()) << view.error().detail;
  ASSERT_EQ(view->cases.size(), 1u);
  EXPECT_EQ(view->cases.front().id, plain.id);
  EXPECT_TRUE(view->more);
  EXPECT_EQ(view->tab_counts, (std::vector<std::int64_t>{3, 1, 2, 0}));

  page.offset = 1;
  view = cases_->queue(actor(colleague_), org_b_, page, {});
  ASSERT_TRUE(view.ok()) << view.error().detail;
  ASSERT_EQ(view->cases.size(), 1u);
  EXPECT_EQ(view->cases.front().id, urgent.id);
  EXPECT_FALSE(view->more);
  EXPECT_TRUE(view->tab_counts.empty());

  auto refused = [&](Member const& member, domain::OrgId const& org, CaseQuery query) {
    auto got = cases_->queue(actor(member), org, query, {all});
    EXPECT_FALSE(got.ok());
    return got.ok() ? ErrorCode::Internal : got.error().code;
  };
  CaseQuery empty_page = all;
  empty_page.limit = 0;
  EXPECT_EQ(refused(colleague_, org_b_, empty_page), ErrorCode::InvalidInput);
  CaseQuery too_deep = all;
  too_deep.offset = static_cast<std::size_t>(kQueueCountCap) - 49;
  EXPECT_EQ(refused(colleague_, org_b_, too_deep), ErrorCode::InvalidInput);
  EXPECT_EQ(refused(outsider_, org_b_, all), ErrorCode::NotFound);
  EXPECT_EQ(refused(finance_, org_b_, all), ErrorCode::PermissionDenied);
}

// An organisation with more cases than the tabs count: the count stops one past the cap,
// and the page past the 1,000th case is refused, not slow.
TEST_F(CaseServiceTest, QueueCountsStopPastTheCap) {
  auto model = created(counsellor_, org_b_);
  auto sealed_key = store_->in_transaction(
      [&](Transaction& tx) { return tx.cases().sealed_key(org_b_, model.id); },
      TransactionMode::ReadOnly);
  ASSERT_TRUE(sealed_key.ok());
  ASSERT_TRUE(store_
                  ->in_transaction([&](Transaction& tx) -> Result<void> {
                    for (int i = 0; i < kQueueCountCap + 5; ++i) {
                      domain::Case copy = model;
                      copy.id = domain::CaseId::generate(random_);
                      copy.number = "DE-2026-X" + std::to_string(i);
                      if (auto added = tx.cases().add(copy, *sealed_key); !added) return added;
                    }
                    return {};
                  })
                  .ok());
  CaseQuery all = all_cases(org_b_);
  CaseQuery closed = all;
  closed.status = CaseStatus::Closed;
  CaseQuery last = all;
  last.offset = static_cast<std::size_t>(kQueueCountCap) - 50;
  auto view = cases_->queue(actor(colleague_), org_b_, last, {all, closed});
  ASSERT_TRUE(view.ok()) << view.error().detail;
  EXPECT_EQ(view->cases.size(), 50u);
  EXPECT_TRUE(view->more);
  EXPECT_EQ(view->tab_counts, (std::vector<std::int64_t>{kQueueCountCap + 1, 0}));
}

TEST_F(CaseServiceTest, AnotherOrganisationsCaseAnswersLikeAMissingOne) {
  auto theirs = created(counsellor_, org_b_);
  auto missing = domain::CaseId::generate(random_);
  auto before = audit_entries().size();
  // Asked under B (not the outsider's organisation) and under A (theirs, where the case is not).
  for (auto const& org : {org_b_, org_a_}) {
    SCOPED_TRACE(org == org_a_ ? "under the outsider's organisation" : "under the case's");
    auto const& who = outsider_;
    struct Call {
      std::string_view name;
      std::function<Error(domain::CaseId const&)> run;
    };
    std::vector<Call> const calls = {
        {"open",
         [&](domain::CaseId const& id) {
           return error_of(cases_->open(actor(who), who.keys, org, id));
         }},
        {"add_note",
         [&](domain::CaseId const& id) {
           return error_of(cases_->add_note(actor(who), who.keys, org, id, "hello"));
         }},
        {"change_status",
         [&](domain::CaseId const& id) {
           return error_of(
               cases_
                   ->change_status(actor(who), who.keys, org, id, 1, CaseStatus::Open, std::nullopt)
                   .result);
         }},
        {"assign",
         [&](domain::CaseId const& id) {
           return error_of(cases_->assign(actor(who), who.keys, org, id, 1, who.id).result);
         }},
    };
    for (auto const& call : calls) {
      Error on_theirs = call.run(theirs.id);
      Error on_missing = call.run(missing);
      EXPECT_EQ(on_theirs.code, ErrorCode::NotFound) << call.name;
      EXPECT_EQ(on_theirs.code, on_missing.code) << call.name;
      EXPECT_EQ(on_theirs.detail, on_missing.detail) << call.name;
      // And the same whichever organisation the request names.
      EXPECT_EQ(on_theirs.detail, "no such case") << call.name;
    }
  }
  // Nor does B's queue open to them.
  auto queue = cases_->list(actor(outsider_), org_b_, all_cases(org_b_));
  ASSERT_FALSE(queue.ok());
  EXPECT_EQ(queue.error().code, ErrorCode::NotFound);
  EXPECT_EQ(audit_entries().size(), before);
  EXPECT_EQ(stored(theirs).version, 1);
  EXPECT_EQ(entry_count(theirs), 1);
}

TEST_F(CaseServiceTest, WithoutAGrantNothingIsReadOrWritten) {
  auto record = created(counsellor_, org_b_);
  auto before = audit_entries().size();
  auto expect_no_grant = [](Error const& error, std::string_view what) {
    EXPECT_EQ(error.code, ErrorCode::PermissionDenied) << what;
    EXPECT_EQ(error.detail, kNoOrgKeyGrant) << what;
  };
  expect_no_grant(error_of(cases_->open(actor(pending_), pending_.keys, org_b_, record.id)),
                  "open");
  expect_no_grant(error_of(create(pending_, org_b_)), "create");
  expect_no_grant(
      error_of(cases_->add_note(actor(pending_), pending_.keys, org_b_, record.id, "note")),
      "add_note");
  expect_no_grant(error_of(cases_
                               ->change_status(actor(pending_), pending_.keys, org_b_, record.id, 1,
                                               CaseStatus::Open, std::nullopt)
                               .result),
                  "change_status");
  // A key holder's grant does not open with someone else's keypair.
  expect_no_grant(error_of(cases_->open(actor(counsellor_), colleague_.keys, org_b_, record.id)),
                  "another member's keypair");
  // The queue is metadata only: no key needed.
  EXPECT_TRUE(cases_->list(actor(pending_), org_b_, all_cases(org_b_)).ok());
  EXPECT_EQ(audit_entries().size(), before);
  EXPECT_EQ(case_count(org_b_), 1);
  EXPECT_EQ(entry_count(record), 1);

  // Once granted, the same member reads it.
  ASSERT_TRUE(grants_->grant(actor(coordinator_), coordinator_.keys, org_b_, pending_.id).ok());
  EXPECT_EQ(opened(pending_, record).entries.at(0).text, kSummaryCanary);
}

TEST_F(CaseServiceTest, RolesWithoutCaseWorkAreRefused) {
  auto record = created(counsellor_, org_b_);
  auto before = audit_entries().size();
  auto admin = Actor::user(domain::UserId::generate(random_), domain::NetworkAdmin::Yes, {});
  std::vector<std::pair<std::string_view, Actor>> const refused = {
      {"editor", actor(editor_)},       {"viewer", actor(viewer_)},
      {"finance", actor(finance_)},     {"network admin outside the organisation", admin},
      {"the console", Actor::system()},
  };
  for (auto const& [name, who] : refused) {
    SCOPED_TRACE(name);
    auto const& keys = editor_.keys;  // a keypair holding a grant: the role alone refuses
    auto expect_denied = [](Error const& error) {
      EXPECT_EQ(error.code, ErrorCode::PermissionDenied);
      EXPECT_NE(error.detail, kNoOrgKeyGrant);
    };
    expect_denied(error_of(cases_->list(who, org_b_, all_cases(org_b_))));
    expect_denied(error_of(cases_->open(who, keys, org_b_, record.id)));
    expect_denied(error_of(
        cases_->create(who, keys, org_b_, NewCase{.metadata = metadata(), .summary = "x"})));
    expect_denied(error_of(cases_->add_note(who, keys, org_b_, record.id, "x")));
    expect_denied(error_of(
        cases_->change_status(who, keys, org_b_, record.id, 1, CaseStatus::Open, std::nullopt)
            .result));
    expect_denied(error_of(cases_->assign(who, keys, org_b_, record.id, 1, counsellor_.id).result));
  }
  EXPECT_EQ(audit_entries().size(), before);
  EXPECT_EQ(case_count(org_b_), 1);
  EXPECT_EQ(entry_count(record), 1);
}

TEST_F(CaseServiceTest, BadTextAndMetadataWriteNothing) {
  auto record = created(counsellor_, org_b_);
  auto before = audit_entries().size();
  struct Row {
    std::string_view name;
    std::string text;
  };
  Row const rows[] = {
      {"empty", ""},
      {"only white space", " \n\t "},
      {"over the cap", std::string(kMaxCaseTextChars + 1, 'x')},
      {"over the cap in Cyrillic",
       [] {
         std::string text;
         for (std::size_t i = 0; i <= kMaxCaseTextChars; ++i) text += "ж";
         return text;
       }()},
      {"huge", std::string(10'000'000, 'x')},
      {"invalid UTF-8", "note \xc3\x28"},
      {"NUL", std::string("no\0te", 5)},
      {"escape sequence", "note \x1b[2J"},
      {"carriage return", "line\r\nline"},
      {"bidi override", "note \u202e"},
  };
  for (auto const& row : rows) {
    auto note = cases_->add_note(actor(counsellor_), counsellor_.keys, org_b_, record.id, row.text);
    ASSERT_FALSE(note.ok()) << row.name;
    EXPECT_EQ(note.error().code, ErrorCode::InvalidInput) << row.name;
    EXPECT_EQ(code_of(create(counsellor_, org_b_, row.text)), ErrorCode::InvalidInput) << row.name;
  }
  auto bad_country = metadata();
  bad_country.current_country = "XX";
  auto not_new = metadata();
  not_new.status = CaseStatus::Open;
  auto outcome_without_closing = metadata();
  outcome_without_closing.outcome = Outcome::Resolved;
  for (auto const& meta : {bad_country, not_new, outcome_without_closing}) {
    EXPECT_EQ(code_of(create(counsellor_, org_b_, "summary", meta)), ErrorCode::InvalidInput);
  }
  EXPECT_EQ(audit_entries().size(), before);
  EXPECT_EQ(case_count(org_b_), 1);
  EXPECT_EQ(entry_count(record), 1);
  EXPECT_EQ(stored(record).version, 1);

  // The cap itself, with lines and tabs, is fine.
  std::string longest(kMaxCaseTextChars - 2, 'x');
  longest += "\n\t";
  EXPECT_TRUE(
      cases_->add_note(actor(counsellor_), counsellor_.keys, org_b_, record.id, longest).ok());
}

TEST_F(CaseServiceTest, NotesAndCallsJoinTheTimeline) {
  auto record = created(counsellor_, org_b_);
  clock_.advance(5min);
  auto after_note = cases_->add_note(actor(colleague_), colleague_.keys, org_b_, record.id,
                                     kNoteCanary, NoteKind::Note);
  ASSERT_TRUE(after_note.ok()) << after_note.error().detail;
  EXPECT_EQ(after_note->version, 2);
  EXPECT_EQ(after_note->updated_at, clock_.now());
  clock_.advance(5min);
  auto after_call = cases_->add_note(actor(counsellor_), counsellor_.keys, org_b_, record.id,
                                     kCallCanary, NoteKind::Call);
  ASSERT_TRUE(after_call.ok());
  EXPECT_EQ(after_call->version, 3);
  EXPECT_EQ(stored(record).version, 3);
  EXPECT_EQ(stored(record).updated_at, clock_.now());

  auto case_file = opened(coordinator_, record);
  EXPECT_EQ(case_file.total_entries, 3);
  ASSERT_EQ(case_file.entries.size(), 3u);
  EXPECT_EQ(case_file.entries[1].kind, EntryKind::Note);
  EXPECT_EQ(case_file.entries[1].author, colleague_.id);
  EXPECT_EQ(case_file.entries[1].text, kNoteCanary);
  EXPECT_EQ(case_file.entries[2].kind, EntryKind::Call);
  EXPECT_EQ(case_file.entries[2].text, kCallCanary);

  // A window of the timeline, and windows the port would refuse.
  auto window = cases_->open(actor(coordinator_), coordinator_.keys, org_b_, record.id,
                             EntryWindow{.limit = 1, .offset = 1});
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->total_entries, 3);
  ASSERT_EQ(window->entries.size(), 1u);
  EXPECT_EQ(window->entries[0].text, kNoteCanary);
  for (std::size_t bad : {std::size_t{0}, kMaxTimelinePage + 1}) {
    auto refused = cases_->open(actor(coordinator_), coordinator_.keys, org_b_, record.id,
                                EntryWindow{.limit = bad, .offset = 0});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
  }
}

TEST_F(CaseServiceTest, EveryReadAndWriteIsAuditedWithoutContent) {
  auto before = audit_entries().size();
  auto record = created(counsellor_, org_b_);
  opened(colleague_, record);
  ASSERT_TRUE(
      cases_->add_note(actor(counsellor_), counsellor_.keys, org_b_, record.id, kNoteCanary).ok());
  ASSERT_TRUE(cases_
                  ->change_status(actor(counsellor_), counsellor_.keys, org_b_, record.id, 2,
                                  CaseStatus::Open, std::nullopt)
                  .result.ok());
  ASSERT_TRUE(
      cases_->assign(actor(coordinator_), coordinator_.keys, org_b_, record.id, 3, colleague_.id)
          .result.ok());
  auto all = audit_entries();
  std::vector<AuditEntry> const added(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
  struct Want {
    AuditAction action;
    domain::UserId actor;
  };
  std::vector<Want> const want = {{AuditAction::CaseCreated, counsellor_.id},
                                  {AuditAction::CaseOpened, colleague_.id},
                                  {AuditAction::CaseNoteAdded, counsellor_.id},
                                  {AuditAction::CaseStatusChanged, counsellor_.id},
                                  {AuditAction::CaseAssigned, coordinator_.id}};
  ASSERT_EQ(added.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(to_string(want[i].action));
    EXPECT_EQ(added[i].action, want[i].action);
    EXPECT_EQ(added[i].actor_kind, AuditActorKind::User);
    EXPECT_EQ(added[i].actor_id, want[i].actor);
    EXPECT_EQ(added[i].organisation, org_b_);
    EXPECT_EQ(added[i].object_kind, AuditObjectKind::Case);
    EXPECT_EQ(added[i].object_id, record.id.str());
    EXPECT_EQ(added[i].outcome, AuditOutcome::Ok);
  }
  auto verdict = audit_.verify(*store_, Actor::system());
  ASSERT_TRUE(verdict.ok());
  EXPECT_FALSE(verdict->first_break.has_value());
}

TEST_F(CaseServiceTest, TheDatabaseHoldsNoneOfTheWords) {
  auto record = created(counsellor_, org_b_);
  ASSERT_TRUE(
      cases_->add_note(actor(counsellor_), counsellor_.keys, org_b_, record.id, kNoteCanary).ok());
  ASSERT_TRUE(cases_
                  ->add_note(actor(colleague_), colleague_.keys, org_b_, record.id, kCallCanary,
                             NoteKind::Call)
                  .ok());
  ASSERT_EQ(opened(coordinator_, record).entries.size(), 3u);
  // Closing may checkpoint the WAL into the main file: scanning both covers either case.
  auto wal = haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"));
  store_.reset();
  // The plaintext metadata is there to find, so the search below looks at the case's rows.
  ASSERT_TRUE(contains(haven::testing::all_stored_values(db_path()), record.number));
  for (std::string const& haystack :
       {haven::testing::all_stored_values(db_path()), haven::testing::file_bytes(db_path()), wal,
        haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"))}) {
    for (std::string_view canary :
         {std::string_view(kSummaryCanary), std::string_view(kNoteCanary),
          std::string_view(kCallCanary), std::string_view("CANARY"), std::string_view("Петрович"),
          std::string_view("hidden_handle")}) {
      EXPECT_FALSE(contains(haystack, canary)) << canary;
    }
  }
}

// What arrives while no member's key is at hand (DESIGN.md §3) is sealed to the
// organisation, readable by the first member who opens the case, and then re-encrypted
// under the case's DEK; a damaged one is shown as unreadable without hiding the case.
TEST_F(CaseServiceTest, InboundMessagesAreSealedToTheOrganisationUntilFirstOpened) {
  constexpr char kInboundCanary[] = "CANARY-INBOUND меня ищут, я в Ереване";
  auto record = created(counsellor_, org_b_);
  auto received = cases_->receive(org_b_, record.id, kInboundCanary);
  ASSERT_TRUE(received.ok()) << received.error().detail;
  EXPECT_EQ(stored(record).version, 2);  // the case moved like any change

  auto raw_entries = [&] {
    auto got = store_->in_transaction(
        [&](Transaction& tx) { return tx.cases().entries(record.id, 10, 0); },
        TransactionMode::ReadOnly);
    EXPECT_TRUE(got.ok());
    return std::move(got).value();
  };
  ASSERT_EQ(raw_entries().size(), 2u);
  EXPECT_FALSE(raw_entries()[1].sealed_entry_key.empty());
  EXPECT_FALSE(contains(haven::testing::all_stored_values(db_path()), "меня ищут"));

  for (int view = 0; view < 2; ++view) {
    auto seen = opened(colleague_, record);
    ASSERT_EQ(seen.entries.size(), 2u);
    EXPECT_EQ(seen.entries[1].id, *received);
    EXPECT_EQ(seen.entries[1].kind, EntryKind::MessageIn);
    EXPECT_FALSE(seen.entries[1].author.has_value());
    EXPECT_EQ(seen.entries[1].text, std::optional<std::string>(kInboundCanary)) << view;
    // After the first open it is under the DEK like every other entry.
    EXPECT_TRUE(raw_entries()[1].sealed_entry_key.empty()) << view;
  }

  // Nothing reaches another organisation's case, an unknown one, or with a bad text.
  auto code = [](auto const& result) {
    return result.ok() ? ErrorCode::Internal : result.error().code;
  };
  EXPECT_EQ(code(cases_->receive(org_a_, record.id, "x")), ErrorCode::NotFound);
  EXPECT_EQ(code(cases_->receive(org_b_, domain::CaseId::generate(random_), "x")),
            ErrorCode::NotFound);
  EXPECT_EQ(code(cases_->receive(org_b_, record.id, "")), ErrorCode::InvalidInput);
  EXPECT_EQ(code(cases_->receive(org_b_, record.id, std::string(kMaxCaseTextChars + 1, 'a'))),
            ErrorCode::InvalidInput);
  EXPECT_EQ(raw_entries().size(), 2u);

  // A damaged entry key: that entry is unreadable, the rest of the case opens, and it stays
  // as it is (nothing to re-encrypt).
  auto damaged = cases_->receive(org_b_, record.id, "second message");
  ASSERT_TRUE(damaged.ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  std::string tamper = "UPDATE case_entries SET sealed_entry_key = x'0108030000' WHERE id = '" +
                       damaged->str() + "'";
  EXPECT_EQ(sqlite3_exec(db, tamper.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto seen = opened(colleague_, record);
  ASSERT_EQ(seen.entries.size(), 3u);
  EXPECT_EQ(seen.entries[1].text, std::optional<std::string>(kInboundCanary));
  EXPECT_FALSE(seen.entries[2].text.has_value());
  EXPECT_FALSE(raw_entries()[2].sealed_entry_key.empty());
}

}  // namespace
}  // namespace haven::app

// CaseService's versioned changes on the real SQLite store: the status workflow with its
// timeline entries and closed_at, workflow errors and stale versions that write nothing (a
// Conflict that shows the current case), and who may assign a case to whom.
#include "app/case_service.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "cases_fixture.h"

namespace haven::app {
namespace {

// CaseStatus, EntryKind, Outcome, Role and the fixture.
using namespace haven::app::testing;

class CaseChangesTest : public CaseServiceTest {};

TEST_F(CaseChangesTest, StatusMovesThroughTheWorkflow) {
  auto record = created(counsellor_, org_b_);
  auto opened_status = cases_->change_status(actor(counsellor_), counsellor_.keys, org_b_,
                                             record.id, 1, CaseStatus::Open, std::nullopt);
  ASSERT_TRUE(opened_status.result.ok()) << opened_status.result.error().detail;
  EXPECT_FALSE(opened_status.current.has_value());
  EXPECT_EQ(opened_status.result->metadata.status, CaseStatus::Open);
  EXPECT_EQ(opened_status.result->version, 2);

  clock_.advance(1h);
  auto closed = cases_->change_status(actor(counsellor_), counsellor_.keys, org_b_, record.id, 2,
                                      CaseStatus::Closed, Outcome::Resolved);
  ASSERT_TRUE(closed.result.ok()) << closed.result.error().detail;
  EXPECT_EQ(closed.result->metadata.outcome, Outcome::Resolved);
  EXPECT_EQ(closed.result->closed_at, clock_.now());
  EXPECT_EQ(stored(record).closed_at, clock_.now());
  EXPECT_EQ(stored(record).metadata.status, CaseStatus::Closed);

  auto reopened = cases_->change_status(actor(coordinator_), coordinator_.keys, org_b_, record.id,
                                        3, CaseStatus::Open, std::nullopt);
  ASSERT_TRUE(reopened.result.ok()) << reopened.result.error().detail;
  EXPECT_FALSE(stored(record).closed_at.has_value());
  EXPECT_FALSE(stored(record).metadata.outcome.has_value());

  auto case_file = opened(counsellor_, record);
  std::vector<std::string> changes;
  for (auto const& entry : case_file.entries) {
    if (entry.kind == EntryKind::StatusChange) changes.push_back(entry.text.value_or("?"));
  }
  EXPECT_EQ(changes,
            (std::vector<std::string>{"new → open", "open → closed: resolved", "closed → open"}));
}

TEST_F(CaseChangesTest, WorkflowErrorsChangeNothing) {
  auto record = created(counsellor_, org_b_);
  take_up(record);
  auto before = audit_entries().size();
  struct Row {
    std::string_view name;
    CaseStatus to;
    std::optional<Outcome> outcome;
  };
  Row const rows[] = {
      {"closing without an outcome", CaseStatus::Closed, std::nullopt},
      {"an outcome without closing", CaseStatus::WaitingForPerson, Outcome::Resolved},
      {"back to new", CaseStatus::New, std::nullopt},
      {"staying open", CaseStatus::Open, std::nullopt},
  };
  for (auto const& row : rows) {
    auto change = cases_->change_status(actor(counsellor_), counsellor_.keys, org_b_, record.id, 2,
                                        row.to, row.outcome);
    ASSERT_FALSE(change.result.ok()) << row.name;
    EXPECT_EQ(change.result.error().code, ErrorCode::InvalidInput) << row.name;
    EXPECT_FALSE(change.current.has_value()) << row.name;
  }
  EXPECT_EQ(audit_entries().size(), before);
  EXPECT_EQ(stored(record).version, 2);
  EXPECT_EQ(stored(record).metadata.status, CaseStatus::Open);
  EXPECT_EQ(entry_count(record), 2);
}

TEST_F(CaseChangesTest, AStaleVersionIsAConflictThatShowsTheCurrentCase) {
  auto record = created(counsellor_, org_b_);
  // Both counsellors loaded version 1; the first one's change lands.
  take_up(record);
  auto before = audit_entries().size();
  auto stale = cases_->change_status(actor(colleague_), colleague_.keys, org_b_, record.id, 1,
                                     CaseStatus::Closed, Outcome::Duplicate);
  ASSERT_FALSE(stale.result.ok());
  EXPECT_EQ(stale.result.error().code, ErrorCode::Conflict);
  EXPECT_NE(stale.result.error().detail.find("changed meanwhile"), std::string::npos);
  ASSERT_TRUE(stale.current.has_value());
  EXPECT_EQ(stale.current->version, 2);
  EXPECT_EQ(stale.current->metadata.status, CaseStatus::Open);

  auto stale_assign =
      cases_->assign(actor(colleague_), colleague_.keys, org_b_, record.id, 1, colleague_.id);
  ASSERT_FALSE(stale_assign.result.ok());
  EXPECT_EQ(stale_assign.result.error().code, ErrorCode::Conflict);
  ASSERT_TRUE(stale_assign.current.has_value());
  EXPECT_EQ(stale_assign.current->version, 2);
  EXPECT_EQ(audit_entries().size(), before);
  EXPECT_EQ(entry_count(record), 2);
  EXPECT_EQ(stored(record).version, 2);
  EXPECT_FALSE(stored(record).metadata.assignee.has_value());

  // A note is a change too: a status change made from a page older than it is refused.
  ASSERT_TRUE(
      cases_->add_note(actor(colleague_), colleague_.keys, org_b_, record.id, kNoteCanary).ok());
  auto behind_note = cases_->change_status(actor(counsellor_), counsellor_.keys, org_b_, record.id,
                                           2, CaseStatus::WaitingForPerson, std::nullopt);
  ASSERT_FALSE(behind_note.result.ok());
  EXPECT_EQ(behind_note.result.error().code, ErrorCode::Conflict);
  ASSERT_TRUE(behind_note.current.has_value());
  EXPECT_EQ(behind_note.current->version, 3);
}

TEST_F(CaseChangesTest, CounsellorsTakeAndGiveBackCoordinatorsAssign) {
  auto record = created(counsellor_, org_b_);
  std::int64_t version = 1;
  auto assign = [&](Member const& by, std::optional<domain::UserId> to) {
    auto change = cases_->assign(actor(by), by.keys, org_b_, record.id, version, to);
    if (change.result.ok()) version = change.result->version;
    return change;
  };
  auto code = [](CaseChange const& change) {
    return change.result.ok() ? ErrorCode::Internal : change.result.error().code;
  };

  // A counsellor takes an unassigned case...
  auto taken = assign(counsellor_, counsellor_.id);
  ASSERT_TRUE(taken.result.ok()) << taken.result.error().detail;
  EXPECT_EQ(taken.result->metadata.assignee, counsellor_.id);
  EXPECT_EQ(stored(record).metadata.assignee, counsellor_.id);
  // ...but not from a colleague, and hands nothing to anyone else.
  EXPECT_EQ(code(assign(colleague_, colleague_.id)), ErrorCode::PermissionDenied);
  EXPECT_EQ(code(assign(colleague_, std::nullopt)), ErrorCode::PermissionDenied);
  EXPECT_EQ(code(assign(counsellor_, colleague_.id)), ErrorCode::PermissionDenied);
  // Assigning to the current assignee changes nothing.
  auto entries = entry_count(record);
  auto same = assign(counsellor_, counsellor_.id);
  ASSERT_TRUE(same.result.ok());
  EXPECT_EQ(same.result->version, version);
  EXPECT_EQ(entry_count(record), entries);
  // Giving it back.
  ASSERT_TRUE(assign(counsellor_, std::nullopt).result.ok());
  EXPECT_FALSE(stored(record).metadata.assignee.has_value());

  // A coordinator assigns to any active coordinator or counsellor of the organisation...
  ASSERT_TRUE(assign(coordinator_, colleague_.id).result.ok());
  EXPECT_EQ(stored(record).metadata.assignee, colleague_.id);
  ASSERT_TRUE(assign(coordinator_, coordinator_.id).result.ok());
  // ...and to nobody else, with one answer for all of them.
  auto disabled = join(org_b_, "gone@example.org", Role::Counsellor, Grant::None);
  ASSERT_TRUE(staff_->disable(Actor::system(), disabled.id).ok());
  auto before = audit_entries().size();
  auto version_before = version;
  std::string detail;
  for (auto const& [name, who] : std::vector<std::pair<std::string_view, domain::UserId>>{
           {"an editor", editor_.id},
           {"a viewer", viewer_.id},
           {"a disabled counsellor", disabled.id},
           {"another organisation's counsellor", outsider_.id},
           {"nobody at all", domain::UserId::generate(random_)}}) {
    auto refused = assign(coordinator_, who);
    ASSERT_FALSE(refused.result.ok()) << name;
    EXPECT_EQ(refused.result.error().code, ErrorCode::InvalidInput) << name;
    if (detail.empty()) detail = refused.result.error().detail;
    EXPECT_EQ(refused.result.error().detail, detail) << name;
  }
  EXPECT_EQ(audit_entries().size(), before);
  EXPECT_EQ(stored(record).version, version_before);
  EXPECT_EQ(stored(record).metadata.assignee, coordinator_.id);

  // The same rules for a case created with an assignee.
  auto for_colleague = metadata();
  for_colleague.assignee = colleague_.id;
  EXPECT_EQ(code_of(create(counsellor_, org_b_, "summary", for_colleague)),
            ErrorCode::PermissionDenied);
  EXPECT_TRUE(create(coordinator_, org_b_, "summary", for_colleague).ok());

  // The timeline tells the story in stored words.
  std::vector<std::string> changes;
  for (auto const& entry : opened(coordinator_, record).entries) {
    if (entry.kind == EntryKind::Assignment) changes.push_back(entry.text.value_or("?"));
  }
  EXPECT_EQ(changes, (std::vector<std::string>{
                         "assignee: none → " + counsellor_.id.str(),
                         "assignee: " + counsellor_.id.str() + " → none",
                         "assignee: none → " + colleague_.id.str(),
                         "assignee: " + colleague_.id.str() + " → " + coordinator_.id.str(),
                     }));
}

}  // namespace
}  // namespace haven::app

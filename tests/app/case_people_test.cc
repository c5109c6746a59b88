#include "app/case_people.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "cases_fixture.h"

namespace haven::app::testing {
namespace {

using domain::ContactKind;

inline constexpr char kAliasCanary[] = "CANARY-ALIAS Сокол";
inline constexpr char kNamesCanary[] = "CANARY-NAMES Иван Петрович Сидоров";
inline constexpr char kDocumentsCanary[] = "CANARY-DOCS internal passport 4512";
inline constexpr char kTelegramCanary[] = "@canary_handle_77";

PersonForm full_form() {
  return PersonForm{.alias = kAliasCanary,
                    .names = kNamesCanary,
                    .born = "1994-03-07",
                    .documents = kDocumentsCanary,
                    .handles = {{ContactKind::Phone, "+7 999 123-45-67"},
                                {ContactKind::Email, "Ivan.Canary@Example.org"},
                                {ContactKind::Telegram, kTelegramCanary},
                                {ContactKind::Signal, "0049 30 1234567"}}};
}

PersonForm alias_only(std::string alias, std::vector<TypedHandle> handles = {}) {
  return PersonForm{.alias = std::move(alias),
                    .names = {},
                    .born = {},
                    .documents = {},
                    .handles = std::move(handles)};
}

class CasePeopleTest : public CaseServiceTest {
 protected:
  void SetUp() override {
    CaseServiceTest::SetUp();
    people_.emplace(*store_, clock_, audit_, pepper_);
  }

  PersonChange save(Member const& member, domain::Case const& record, std::int64_t version,
                    PersonForm const& form) {
    return people_->save(actor(member), member.keys, record.org, record.id, version, form);
  }

  OpenedPerson read(Member const& member, domain::Case const& record) {
    auto got = people_->read(actor(member), member.keys, record.org, record.id);
    EXPECT_TRUE(got.ok()) << got.error().detail;
    return got.ok() ? std::move(got).value() : OpenedPerson{};
  }

  std::size_t audited(AuditAction action) {
    auto entries = audit_entries();
    return static_cast<std::size_t>(std::count_if(
        entries.begin(), entries.end(), [&](AuditEntry const& e) { return e.action == action; }));
  }

  std::optional<CasePeople> people_;
};

TEST_F(CasePeopleTest, SavedPersonReadsBackNormalised) {
  auto record = created(counsellor_, org_b_);
  EXPECT_EQ(read(counsellor_, record).version, 0);
  EXPECT_FALSE(read(counsellor_, record).person.has_value());

  auto change = save(counsellor_, record, 0, full_form());
  ASSERT_TRUE(change.result.ok()) << change.result.error().detail;
  EXPECT_FALSE(change.current.has_value());
  EXPECT_EQ(change.result->version, 1);

  auto person = read(colleague_, record);
  ASSERT_TRUE(person.person.has_value());
  EXPECT_EQ(person.version, 1);
  EXPECT_EQ(person.person->alias, "CANARY-ALIAS Сокол");
  EXPECT_EQ(person.person->names, kNamesCanary);
  EXPECT_EQ(person.person->documents, kDocumentsCanary);
  ASSERT_TRUE(person.person->born.has_value());
  EXPECT_EQ(domain::format_birth_date(*person.person->born), "1994-03-07");
  ASSERT_EQ(person.handles.size(), 4u);
  EXPECT_EQ(person.handles[0].handle.value, "+79991234567");
  EXPECT_EQ(person.handles[0].shown, "+7 999 123-45-67");
  EXPECT_EQ(person.handles[1].handle.value, "ivan.canary@example.org");
  EXPECT_EQ(person.handles[2].handle.value, "canary_handle_77");
  EXPECT_EQ(person.handles[2].shown, "@canary_handle_77");
  // The organisation is in Germany: "0049 …" is a German number.
  EXPECT_EQ(person.handles[3].handle.value, "+49301234567");
  for (auto const& handle : person.handles) EXPECT_TRUE(handle.contacted_before.empty());

  // The person moved the case's version like any change, and was audited without detail.
  EXPECT_EQ(stored(record).version, 2);
  EXPECT_EQ(audited(AuditAction::PersonChanged), 1u);
  auto entries = audit_entries();
  auto const& last = entries.back();
  EXPECT_EQ(last.action, AuditAction::PersonChanged);
  EXPECT_EQ(last.object_kind, AuditObjectKind::Case);
  EXPECT_EQ(last.object_id, record.id.str());
}

TEST_F(CasePeopleTest, NationalNumbersUseTheOrganisationsCountry) {
  auto record = created(counsellor_, org_b_);
  auto change = save(counsellor_, record, 0,
                     alias_only("Сокол", {{ContactKind::Phone, "030 1234567"},
                                          {ContactKind::Phone, "+7 (999) 123 45 67"}}));
  ASSERT_TRUE(change.result.ok()) << change.result.error().detail;
  EXPECT_EQ(change.result->handles[0].handle.value, "+49301234567");
  EXPECT_EQ(change.result->handles[1].handle.value, "+79991234567");
}

TEST_F(CasePeopleTest, BadFormsNameTheFieldAndWriteNothing) {
  auto record = created(counsellor_, org_b_);
  struct Row {
    std::string_view name;
    PersonForm form;
    std::string_view want;
  };
  std::vector<TypedHandle> eleven;
  for (int i = 0; i < 11; ++i) {
    eleven.push_back({ContactKind::Phone, "+49 30 123456" + std::to_string(i)});
  }
  Row const rows[] = {
      {"no alias", alias_only(""), kBadAlias},
      {"blank alias", alias_only("   "), kBadAlias},
      {"long alias", alias_only(std::string(81, 'x')), kBadAlias},
      {"two-line alias", alias_only("a\nb"), kBadAlias},
      {"bad utf-8 alias", alias_only("\xc3\x28"), kBadAlias},
      {"future birth",
       PersonForm{.alias = "A", .names = {}, .born = "2099", .documents = {}, .handles = {}},
       kBadBirthDate},
      {"garbled birth",
       PersonForm{.alias = "A", .names = {}, .born = "7.3.94", .documents = {}, .handles = {}},
       kBadBirthDate},
      {"huge names",
       PersonForm{.alias = "A",
                  .names = std::string(400, 'n'),
                  .born = {},
                  .documents = {},
                  .handles = {}},
       kBadNames},
      {"control in documents",
       PersonForm{.alias = "A", .names = {}, .born = {}, .documents = "a\x07", .handles = {}},
       kBadDocuments},
      {"invalid phone", alias_only("A", {{ContactKind::Phone, "+7 999"}}), kBadPhone},
      {"invalid email", alias_only("A", {{ContactKind::Email, "nobody"}}), kBadEmail},
      {"invalid telegram", alias_only("A", {{ContactKind::Telegram, "@ab"}}), kBadTelegram},
      {"invalid signal", alias_only("A", {{ContactKind::Signal, "sokol"}}), kBadSignal},
      {"eleven handles", alias_only("A", eleven), kTooManyHandles},
      {"same number twice",
       alias_only("A",
                  {{ContactKind::Phone, "+49 30 1234567"}, {ContactKind::Phone, "030 1234567"}}),
       kSameHandleTwice},
  };
  for (auto const& row : rows) {
    auto change = save(counsellor_, record, 0, row.form);
    ASSERT_FALSE(change.result.ok()) << row.name;
    EXPECT_EQ(change.result.error().code, ErrorCode::InvalidInput) << row.name;
    EXPECT_EQ(change.result.error().detail, row.want) << row.name;
  }
  EXPECT_FALSE(read(counsellor_, record).person.has_value());
  EXPECT_EQ(stored(record).version, 1);
  EXPECT_EQ(audited(AuditAction::PersonChanged), 0u);
  // Empty handle rows are skipped, not refused (a form's blank second line).
  auto change = save(counsellor_, record, 0, alias_only("A", {{ContactKind::Email, "  "}}));
  ASSERT_TRUE(change.result.ok()) << change.result.error().detail;
  EXPECT_TRUE(change.result->handles.empty());
}

TEST_F(CasePeopleTest, StaleVersionIsChangedMeanwhileWithTheCurrentPerson) {
  auto record = created(counsellor_, org_b_);
  ASSERT_TRUE(save(counsellor_, record, 0, alias_only("First")).result.ok());
  auto late = save(colleague_, record, 0, alias_only("Second"));
  ASSERT_FALSE(late.result.ok());
  EXPECT_EQ(late.result.error().code, ErrorCode::Conflict);
  ASSERT_TRUE(late.current.has_value() && late.current->person.has_value());
  EXPECT_EQ(late.current->person->alias, "First");
  EXPECT_EQ(late.current->version, 1);
  EXPECT_EQ(read(counsellor_, record).person->alias, "First");
  auto next = save(colleague_, record, 1, alias_only("Second"));
  ASSERT_TRUE(next.result.ok());
  EXPECT_EQ(next.result->version, 2);
}

TEST_F(CasePeopleTest, AnUnchangedFormWritesAndAuditsNothing) {
  auto record = created(counsellor_, org_b_);
  ASSERT_TRUE(save(counsellor_, record, 0, full_form()).result.ok());
  auto version = stored(record).version;
  auto again = save(counsellor_, record, 1, full_form());
  ASSERT_TRUE(again.result.ok()) << again.result.error().detail;
  EXPECT_EQ(again.result->version, 1);
  EXPECT_EQ(stored(record).version, version);
  EXPECT_EQ(audited(AuditAction::PersonChanged), 1u);
}

TEST_F(CasePeopleTest, WhoMayReadAndWrite) {
  auto record = created(counsellor_, org_b_);
  ASSERT_TRUE(save(counsellor_, record, 0, full_form()).result.ok());
  // Another organisation's counsellor: the same NotFound as for a case that does not exist.
  auto unknown = record;
  unknown.id = domain::CaseId::generate(random_);
  for (auto const& target : {record, unknown}) {
    auto theirs = people_->read(actor(outsider_), outsider_.keys, org_b_, target.id);
    ASSERT_FALSE(theirs.ok());
    EXPECT_EQ(theirs.error().code, ErrorCode::NotFound);
    EXPECT_EQ(theirs.error().detail, "no such case");
    auto written = save(outsider_, target, 1, alias_only("Intruder"));
    ASSERT_FALSE(written.result.ok());
    EXPECT_EQ(written.result.error().code, ErrorCode::NotFound);
    EXPECT_EQ(written.result.error().detail, "no such case");
    EXPECT_FALSE(written.current.has_value());
  }
  // Outsiders' own organisation id with B's case: still no such case.
  auto cross = people_->read(actor(outsider_), outsider_.keys, org_a_, record.id);
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.error().code, ErrorCode::NotFound);
  // A counsellor without a grant of the organisation key.
  auto pending = people_->read(actor(pending_), pending_.keys, org_b_, record.id);
  ASSERT_FALSE(pending.ok());
  EXPECT_EQ(pending.error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(pending.error().detail, kNoOrgKeyGrant);
  auto pending_save = save(pending_, record, 1, alias_only("X"));
  ASSERT_FALSE(pending_save.result.ok());
  EXPECT_EQ(error_of(pending_save.result).detail, kNoOrgKeyGrant);
  // Roles the policy keeps away from case content.
  for (auto const* member : {&editor_, &viewer_, &finance_}) {
    EXPECT_EQ(error_of(people_->read(actor(*member), member->keys, org_b_, record.id)).code,
              ErrorCode::PermissionDenied);
    EXPECT_EQ(error_of(save(*member, record, 1, alias_only("X")).result).code,
              ErrorCode::PermissionDenied);
  }
  EXPECT_EQ(read(counsellor_, record).person->alias, kAliasCanary);
  // The coordinator reads and writes.
  EXPECT_TRUE(save(coordinator_, record, 1, alias_only("Coordinated")).result.ok());
}

TEST_F(CasePeopleTest, ContactedBeforeAcrossCasesOfOneOrganisationOnly) {
  auto first = created(counsellor_, org_b_);
  clock_.advance(1h);
  auto second = created(colleague_, org_b_);
  // Organisation A: its counsellor records the same number on A's own case.
  auto theirs = created(outsider_, org_a_);
  ASSERT_TRUE(save(counsellor_, first, 0,
                   alias_only("One", {{ContactKind::Phone, "+7 999 123-45-67"},
                                      {ContactKind::Email, "a@example.org"}}))
                  .result.ok());
  ASSERT_TRUE(
      save(outsider_, theirs, 0, alias_only("Theirs", {{ContactKind::Phone, "+79991234567"}}))
          .result.ok());
  // The same number written another way, and as a Signal number.
  auto change = save(colleague_, second, 0,
                     alias_only("Two", {{ContactKind::Signal, "+7 (999) 1234567"},
                                        {ContactKind::Email, "b@example.org"}}));
  ASSERT_TRUE(change.result.ok()) << change.result.error().detail;
  ASSERT_EQ(change.result->handles.size(), 2u);
  ASSERT_EQ(change.result->handles[0].contacted_before.size(), 1u);
  EXPECT_EQ(change.result->handles[0].contacted_before[0].id, first.id);
  EXPECT_EQ(change.result->handles[0].contacted_before[0].number, first.number);
  EXPECT_EQ(change.result->handles[0].contacted_before[0].status, CaseStatus::New);
  EXPECT_TRUE(change.result->handles[1].contacted_before.empty());

  auto from_first = read(counsellor_, first);
  ASSERT_EQ(from_first.handles[0].contacted_before.size(), 1u);
  EXPECT_EQ(from_first.handles[0].contacted_before[0].id, second.id);
  // Organisation A sees only its own case, never B's.
  auto from_theirs = read(outsider_, theirs);
  ASSERT_EQ(from_theirs.handles.size(), 1u);
  EXPECT_TRUE(from_theirs.handles[0].contacted_before.empty());

  // The hotline lookup: a raw number, newest first, audited without the number.
  auto bad = people_->contacted_before(actor(counsellor_), org_b_, ContactKind::Phone, "+7 999");
  EXPECT_EQ(error_of(bad).detail, kBadPhone);
  // "00" is Germany's international prefix, and the organisation is in Germany.
  auto looked = people_->contacted_before(actor(counsellor_), org_b_, ContactKind::Phone,
                                          "007 999 123 45 67");
  ASSERT_TRUE(looked.ok()) << looked.error().detail;
  ASSERT_EQ(looked->size(), 2u);
  EXPECT_EQ((*looked)[0].id, second.id);
  EXPECT_EQ((*looked)[1].id, first.id);
  EXPECT_EQ(audited(AuditAction::ContactLookedUp), 1u);
  auto none = people_->contacted_before(actor(counsellor_), org_b_, ContactKind::Email,
                                        "nobody@example.org");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // Organisation A looking up the number finds only its own case.
  auto from_a =
      people_->contacted_before(actor(outsider_), org_a_, ContactKind::Phone, "+79991234567");
  ASSERT_TRUE(from_a.ok());
  ASSERT_EQ(from_a->size(), 1u);
  EXPECT_EQ((*from_a)[0].id, theirs.id);
  // ... and asking about B is NotFound, like an organisation that does not exist.
  EXPECT_EQ(error_of(people_->contacted_before(actor(outsider_), org_b_, ContactKind::Phone,
                                               "+79991234567"))
                .code,
            ErrorCode::NotFound);

  // Changing the number removes the hint on the other case.
  ASSERT_TRUE(save(colleague_, second, 1, alias_only("Two")).result.ok());
  EXPECT_TRUE(read(counsellor_, first).handles[0].contacted_before.empty());
}

TEST_F(CasePeopleTest, NewCaseWithItsPerson) {
  auto request = NewCase{.metadata = metadata(), .summary = kSummaryCanary};
  auto made = people_->create_case(*cases_, actor(counsellor_), counsellor_.keys, org_b_, request,
                                   alias_only("Новый", {{ContactKind::Phone, "+49 30 1234567"}}));
  ASSERT_TRUE(made.ok()) << made.error().detail;
  EXPECT_EQ(made->version, 2);
  auto person = read(counsellor_, *made);
  ASSERT_TRUE(person.person.has_value());
  EXPECT_EQ(person.person->alias, "Новый");
  // A bad person makes no case at all.
  auto before = case_count(org_b_);
  auto refused = people_->create_case(*cases_, actor(counsellor_), counsellor_.keys, org_b_,
                                      request, alias_only("X", {{ContactKind::Phone, "12"}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().detail, kBadPhone);
  EXPECT_EQ(case_count(org_b_), before);
  // Nor does an outsider's attempt, which gets the NotFound of a missing organisation.
  auto outsider = people_->create_case(*cases_, actor(outsider_), outsider_.keys, org_b_, request,
                                       alias_only("X"));
  EXPECT_EQ(error_of(outsider).code, ErrorCode::NotFound);
}

TEST_F(CasePeopleTest, TheDatabaseHoldsNoneOfThePersonsWords) {
  auto record = created(counsellor_, org_b_);
  ASSERT_TRUE(save(counsellor_, record, 0, full_form()).result.ok());
  ASSERT_TRUE(read(colleague_, record).person.has_value());
  auto wal = haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"));
  store_.reset();
  auto rows = haven::testing::all_stored_values(db_path());
  ASSERT_TRUE(contains(rows, record.number));
  for (std::string const& haystack :
       {rows, haven::testing::file_bytes(db_path()), wal,
        haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"))}) {
    for (std::string_view canary :
         {std::string_view("CANARY"), std::string_view("Сокол"), std::string_view("Петрович"),
          std::string_view("canary_handle"), std::string_view("79991234567"),
          std::string_view("999 123"), std::string_view("49301234567"),
          std::string_view("ivan.canary"), std::string_view("Ivan.Canary"),
          std::string_view("1994-03-07")}) {
      EXPECT_FALSE(contains(haystack, canary)) << canary;
    }
  }
}

}  // namespace
}  // namespace haven::app::testing

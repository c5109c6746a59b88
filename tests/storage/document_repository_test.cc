#include "app/ports/document_repository.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/audit_repository.h"
#include "app/ports/store.h"
#include "cases_store_fixture.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using app::StoredDocument;
using domain::CaseId;
using domain::DocumentId;
using domain::OrgId;
using domain::UserId;

class DocumentRepositoryTest : public CasesStoreTest {
 protected:
  void SetUp() override {
    CasesStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    case_ = add_case(org_, "LV-2026-0001");
    other_case_ = add_case(other_org_, "LT-2026-0001");
  }

  StoredDocument document(CaseId const& case_id, OrgId const& org,
                          std::vector<Bytes> const& chunks) {
    std::int64_t total = 0;
    for (auto const& c : chunks) total += static_cast<std::int64_t>(c.size());
    return StoredDocument{.id = DocumentId::generate(random_),
                          .org = org,
                          .case_id = case_id,
                          .added_by = alice_,
                          .added_at = clock_.now(),
                          .chunk_count = static_cast<std::int64_t>(chunks.size()),
                          .sealed_bytes = total,
                          .stream_header = sealed("header"),
                          .sealed_details = sealed("details")};
  }

  Result<void> add(StoredDocument const& d, std::vector<Bytes> const& chunks) {
    return tx([&](app::Transaction& t) { return t.documents().add(d, chunks); });
  }

  CaseId case_ = CaseId::parse(std::string(32, '0')).value();
  CaseId other_case_ = case_;
};

TEST_P(DocumentRepositoryTest, RoundTripsRowAndChunks) {
  std::vector<Bytes> chunks{sealed("one", 65536 + 17), sealed("two", 100)};
  auto d = document(case_, org_, chunks);
  d.added_by = std::nullopt;
  ASSERT_TRUE(add(d, chunks).ok());

  auto found = tx([&](app::Transaction& t) { return t.documents().find(org_, case_, d.id); });
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->id, d.id);
  EXPECT_EQ(found->org, org_);
  EXPECT_EQ(found->case_id, case_);
  EXPECT_EQ(found->added_by, std::nullopt);
  EXPECT_EQ(found->added_at, d.added_at);
  EXPECT_EQ(found->chunk_count, 2);
  EXPECT_EQ(found->sealed_bytes, d.sealed_bytes);
  EXPECT_EQ(found->stream_header, d.stream_header);
  EXPECT_EQ(found->sealed_details, d.sealed_details);
  for (std::int64_t i = 0; i < 2; ++i) {
    auto chunk = tx([&](app::Transaction& t) { return t.documents().chunk(d.id, i); });
    ASSERT_TRUE(chunk.ok());
    EXPECT_EQ(*chunk, chunks[static_cast<std::size_t>(i)]);
  }
  auto past = tx([&](app::Transaction& t) { return t.documents().chunk(d.id, 2); });
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, ErrorCode::NotFound);
}

TEST_P(DocumentRepositoryTest, AnotherOrganisationOrCaseAnswersNotFound) {
  std::vector<Bytes> chunks{sealed("x")};
  auto d = document(case_, org_, chunks);
  ASSERT_TRUE(add(d, chunks).ok());
  struct Row {
    std::string_view name;
    OrgId org;
    CaseId case_id;
  };
  for (auto const& row : {Row{"other org", other_org_, case_}, Row{"other case", org_, other_case_},
                          Row{"both", other_org_, other_case_}}) {
    auto found =
        tx([&](app::Transaction& t) { return t.documents().find(row.org, row.case_id, d.id); });
    ASSERT_FALSE(found.ok()) << row.name;
    EXPECT_EQ(found.error().code, ErrorCode::NotFound) << row.name;
    EXPECT_EQ(found.error().detail, "no such document") << row.name;
  }
  auto listed = tx([&](app::Transaction& t) { return t.documents().list(other_org_, case_, 50); });
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  // A document cannot be put on a case through another organisation.
  auto wrong = document(case_, other_org_, chunks);
  auto added = add(wrong, chunks);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, ErrorCode::NotFound);
}

TEST_P(DocumentRepositoryTest, ListsNewestFirstAndCounts) {
  std::vector<Bytes> chunks{sealed("x")};
  std::vector<DocumentId> ids;
  for (int i = 0; i < 3; ++i) {
    auto d = document(case_, org_, chunks);
    ASSERT_TRUE(add(d, chunks).ok());
    ids.push_back(d.id);
    clock_.advance(1s);
  }
  auto listed = tx([&](app::Transaction& t) { return t.documents().list(org_, case_, 2); });
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, ids[2]);
  EXPECT_EQ((*listed)[1].id, ids[1]);
  auto counted = tx([&](app::Transaction& t) { return t.documents().count(org_, case_); });
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(*counted, 3);
  auto none = tx([&](app::Transaction& t) { return t.documents().count(org_, other_case_); });
  EXPECT_EQ(*none, 0);
}

TEST_P(DocumentRepositoryTest, RefusesInconsistentRowsAndTakenIds) {
  std::vector<Bytes> chunks{sealed("a"), sealed("b")};
  struct Row {
    std::string_view name;
    std::function<void(StoredDocument&)> spoil;
  };
  std::vector<Row> rows{
      {"chunk count", [](StoredDocument& d) { d.chunk_count = 3; }},
      {"byte total", [](StoredDocument& d) { d.sealed_bytes += 1; }},
      {"empty header", [](StoredDocument& d) { d.stream_header.clear(); }},
      {"empty details", [](StoredDocument& d) { d.sealed_details.clear(); }},
  };
  for (auto const& row : rows) {
    auto d = document(case_, org_, chunks);
    row.spoil(d);
    auto added = add(d, chunks);
    ASSERT_FALSE(added.ok()) << row.name;
    EXPECT_EQ(added.error().code, ErrorCode::InvalidInput) << row.name;
  }
  std::vector<Bytes> with_empty{sealed("a"), Bytes{}};
  auto d = document(case_, org_, with_empty);
  EXPECT_EQ(add(d, with_empty).error().code, ErrorCode::InvalidInput);

  auto good = document(case_, org_, chunks);
  ASSERT_TRUE(add(good, chunks).ok());
  // Conflict leaves the transaction usable, so the next statement in it still runs.
  auto again = tx([&](app::Transaction& t) -> Result<std::int64_t> {
    auto added = t.documents().add(good, chunks);
    if (added.ok() || added.error().code != ErrorCode::Conflict) {
      return make_error(ErrorCode::Internal, "want Conflict");
    }
    return t.documents().count(org_, case_);
  });
  ASSERT_TRUE(again.ok()) << again.error().detail;
  EXPECT_EQ(*again, 1);
}

TEST_P(DocumentRepositoryTest, DeletingTheCaseTakesItsDocuments) {
  std::vector<Bytes> chunks{sealed("a")};
  auto d = document(case_, org_, chunks);
  ASSERT_TRUE(add(d, chunks).ok());
  // The test's own SQLite connection enforces foreign keys only when asked, like the store's.
  std::string pragma = GetParam() == Engine::Sqlite ? "PRAGMA foreign_keys = ON; " : "";
  database().execute(pragma + "DELETE FROM case_entries");
  database().execute(pragma + "DELETE FROM cases WHERE id = '" + case_.str() + "'");
  EXPECT_EQ(database().query_text("SELECT count(*) FROM case_documents"), "0");
  EXPECT_EQ(database().query_text("SELECT count(*) FROM case_document_chunks"), "0");
}

// "Who opened this case": entries about one object, newest first, filtered by action and
// organisation, counted.
TEST_P(DocumentRepositoryTest, AuditLookupByObjectIsNewestFirstAndFiltered) {
  auto append = [&](app::AuditAction action, OrgId const& org, CaseId const& about) {
    auto done = tx([&](app::Transaction& t) -> Result<void> {
      auto head = t.audit().lock_head();
      if (!head) return std::move(head).error();
      app::AuditEntry e;
      e.sequence = head->sequence + 1;
      e.at = clock_.now();
      e.actor_kind = app::AuditActorKind::User;
      e.actor_id = alice_;
      e.action = action;
      e.organisation = org;
      e.object_kind = app::AuditObjectKind::Case;
      e.object_id = about.str();
      e.previous_link = head->link;
      e.link.fill(static_cast<std::uint8_t>(e.sequence));
      return t.audit().append(e);
    });
    ASSERT_TRUE(done.ok()) << done.error().detail;
    clock_.advance(1s);
  };
  append(app::AuditAction::CaseOpened, org_, case_);        // 1
  append(app::AuditAction::CaseNoteAdded, org_, case_);     // 2: not a visit
  append(app::AuditAction::DocumentRead, org_, case_);      // 3
  append(app::AuditAction::CaseOpened, org_, other_case_);  // 4: another case
  append(app::AuditAction::CaseOpened, other_org_, case_);  // 5: another organisation
  append(app::AuditAction::CaseOpened, org_, case_);        // 6
  app::AuditObjectQuery query{
      .organisation = org_,
      .kind = app::AuditObjectKind::Case,
      .object_id = case_.str(),
      .actions = {app::AuditAction::CaseOpened, app::AuditAction::DocumentRead}};
  auto found = tx([&](app::Transaction& t) { return t.audit().list_about(query, 2); });
  ASSERT_TRUE(found.ok()) << found.error().detail;
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].sequence, 6);
  EXPECT_EQ((*found)[1].sequence, 3);
  auto counted = tx([&](app::Transaction& t) { return t.audit().count_about(query); });
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(*counted, 3);

  query.actions.clear();
  auto empty = tx([&](app::Transaction& t) { return t.audit().list_about(query, 2); });
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::InvalidInput);
  query.actions.assign(5, app::AuditAction::CaseOpened);
  EXPECT_EQ(tx([&](app::Transaction& t) { return t.audit().count_about(query); }).error().code,
            ErrorCode::InvalidInput);
}

TEST_P(DocumentRepositoryTest, Migration0008AppliesOnADatabaseAtVersion7) {
  store_.reset();
  roll_back_to(database(), 7);
  EXPECT_EQ(database().query_text("SELECT max(version) FROM schema_migrations"), "7");
  store_ = open_ok();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->schema_version(), kNewestSchemaVersion);
  std::vector<Bytes> chunks{sealed("a")};
  EXPECT_TRUE(add(document(case_, org_, chunks), chunks).ok());
}

INSTANTIATE_TEST_SUITE_P(storage, DocumentRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing

// CaseDocuments on the real SQLite store and the real libmagic: documents added, listed and
// read back byte for byte; types decided from the content (an executable named .pdf, HTML,
// SVG, a script and an archive refused, naming what was found); size limits; safe names;
// another organisation's case or document answering like a missing one; document_added and
// document_read audited; "who opened this case" newest first with addresses; and a
// database file that holds neither the file's words nor its name.
#include "app/case_documents.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cases_fixture.h"
#include "domain/document.h"

namespace haven::app {
namespace {

using namespace haven::app::testing;
using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

constexpr char kContentCanary[] = "CANARY-DOCUMENT повестка военкомат Иванов 4411";
constexpr char kNameCanary[] = "passport_CANARYNAME_ivanov.txt";

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

// A minimal PDF: what libmagic needs to call it application/pdf.
Bytes pdf() {
  return bytes_of(
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
      "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}

// The PNG signature and an IHDR chunk of a 1x1 image.
Bytes png() {
  return Bytes{0x89, 'P',  'N',  'G',  0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
               0x0d, 'I',  'H',  'D',  'R',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
               0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89};
}

// The start of a Windows executable: "MZ", and "PE\0\0" where the header says.
Bytes exe() {
  Bytes out(256, 0);
  out[0] = 'M';
  out[1] = 'Z';
  out[0x3c] = 0x80;
  out[0x80] = 'P';
  out[0x81] = 'E';
  return out;
}

class CaseDocumentsTest : public CaseServiceTest {
 protected:
  void SetUp() override {
    CaseServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto types = DocumentTypes::load();
    ASSERT_TRUE(types.ok()) << types.error().detail;
    types_ = std::move(types).value();
    documents_.emplace(*store_, clock_, random_, audit_, *types_);
    case_ = created(counsellor_, org_b_);
  }

  Result<DocumentSummary> add(Member const& member, std::string name, Bytes const& content,
                              domain::CaseId const* case_id = nullptr,
                              domain::OrgId const* org = nullptr) {
    return documents_->add(actor(member), member.keys, org ? *org : org_b_,
                           case_id ? *case_id : (*case_).id,
                           NewDocument{.file_name = std::move(name), .content = content});
  }

  Result<OpenedDocument> read(Member const& member, domain::DocumentId const& id) {
    return documents_->read(actor(member), member.keys, org_b_, (*case_).id, id);
  }

  std::unique_ptr<DocumentTypes> types_;
  std::optional<CaseDocuments> documents_;
  std::optional<domain::Case> case_;
};

TEST_F(CaseDocumentsTest, AddedDocumentReadsBackByteForByte) {
  // Three chunks and a bit: the stream crosses chunk boundaries.
  std::string text;
  while (text.size() < 3 * 64 * 1024 + 100) text += std::string(kContentCanary) + "\n";
  auto before = stored((*case_));
  auto added = add(counsellor_, kNameCanary, bytes_of(text));
  ASSERT_TRUE(added.ok()) << added.error().detail;
  ASSERT_TRUE(added->details.has_value());
  EXPECT_EQ(added->details->media_type, "text/plain");
  EXPECT_EQ(added->details->format, "TXT");
  EXPECT_EQ(added->details->bytes, static_cast<std::int64_t>(text.size()));
  EXPECT_EQ(added->details->safe_name, kNameCanary);
  EXPECT_EQ(added->added_by, counsellor_.id);

  auto got = read(colleague_, added->id);
  ASSERT_TRUE(got.ok()) << got.error().detail;
  EXPECT_EQ(got->content, bytes_of(text));
  EXPECT_EQ(got->details.file_name, kNameCanary);

  // Adding moved the case like a note, with a Document entry holding the safe name.
  EXPECT_EQ(stored((*case_)).version, before.version + 1);
  auto case_file = opened(coordinator_, (*case_));
  ASSERT_EQ(case_file.entries.size(), 2u);
  EXPECT_EQ(case_file.entries[1].kind, EntryKind::Document);
  EXPECT_EQ(case_file.entries[1].text, kNameCanary);
}

TEST_F(CaseDocumentsTest, ListsNewestFirstWithOpenedDetails) {
  ASSERT_TRUE(add(counsellor_, "scan.pdf", pdf()).ok());
  clock_.advance(1min);
  ASSERT_TRUE(add(colleague_, "photo", png()).ok());
  auto listed = documents_->list(actor(coordinator_), coordinator_.keys, org_b_, (*case_).id);
  ASSERT_TRUE(listed.ok()) << listed.error().detail;
  EXPECT_EQ(listed->total, 2);
  ASSERT_EQ(listed->documents.size(), 2u);
  ASSERT_TRUE(listed->documents[0].details.has_value());
  EXPECT_EQ(listed->documents[0].details->format, "PNG");
  EXPECT_EQ(listed->documents[0].details->safe_name, "photo.png");
  EXPECT_EQ(listed->documents[0].added_by, colleague_.id);
  EXPECT_EQ(listed->documents[1].details->format, "PDF");
  EXPECT_EQ(listed->documents[1].details->safe_name, "scan.pdf");
  EXPECT_FALSE(
      documents_->list(actor(coordinator_), coordinator_.keys, org_b_, (*case_).id, 0).ok());
}

TEST_F(CaseDocumentsTest, TypeComesFromTheContentAndDangerousOnesAreRefused) {
  struct Row {
    std::string_view name;
    Bytes content;
    std::string_view detected;
  };
  std::vector<Row> rows{
      {"invoice.pdf", exe(), "application/vnd.microsoft.portable-executable"},
      {"letter.txt",
       bytes_of("<!DOCTYPE html><html><head><script>alert(1)</script></head><body></body></html>"),
       "text/html"},
      {"photo.png",
       bytes_of("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                "onload=\"alert(1)\"><rect width=\"1\" height=\"1\"/></svg>\n"),
       "image/svg+xml"},
      {"notes.txt", bytes_of("#!/bin/sh\nrm -rf /\n"), "text/x-shellscript"},
      {"papers.docx", Bytes{'P', 'K', 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,   0,
                            0,   0,   0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 'a', 'x'},
       "application/octet-stream"},  // a torn archive: refused all the same
  };
  auto entries_before = entry_count((*case_));
  auto audit_before = audit_entries().size();
  for (auto const& row : rows) {
    auto added = add(counsellor_, std::string(row.name), row.content);
    ASSERT_FALSE(added.ok()) << row.name;
    EXPECT_EQ(added.error().code, ErrorCode::InvalidInput) << row.name;
    EXPECT_EQ(added.error().detail, std::string(kDocumentTypeRefused) + std::string(row.detected))
        << row.name;
  }
  EXPECT_EQ(entry_count((*case_)), entries_before);
  EXPECT_EQ(audit_entries().size(), audit_before);
}

TEST_F(CaseDocumentsTest, SizeAndNameLimits) {
  struct Row {
    std::string_view name;
    std::string file_name;
    Bytes content;
    std::string_view want;
  };
  Bytes over(domain::kMaxDocumentBytes + 1, 'a');
  std::vector<Row> rows{
      {"empty", "a.txt", Bytes{}, kDocumentEmpty},
      {"over the cap", "a.txt", over, kDocumentTooLarge},
      {"name too long", std::string(domain::kMaxFileNameBytes + 1, 'n'), bytes_of("hello\n"),
       kDocumentNameTooLong},
  };
  for (auto const& row : rows) {
    auto added = add(counsellor_, row.file_name, row.content);
    ASSERT_FALSE(added.ok()) << row.name;
    EXPECT_EQ(added.error().code, ErrorCode::InvalidInput) << row.name;
    EXPECT_EQ(added.error().detail, row.want) << row.name;
  }
  // Exactly at the cap is accepted.
  Bytes at_cap(domain::kMaxDocumentBytes, 'a');
  auto added = add(counsellor_, "big.txt", at_cap);
  ASSERT_TRUE(added.ok()) << added.error().detail;
  auto got = read(counsellor_, added->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content.size(), domain::kMaxDocumentBytes);
}

TEST_F(CaseDocumentsTest, HostileNamesAreKeptButShownSafely) {
  auto added = add(counsellor_, "../../etc/\r\nSet-Cookie: x=1\r\nпаспорт\u202egpj.exe", pdf());
  ASSERT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(added->details->safe_name, "Set-Cookie: x=1паспортgpj.exe.pdf");
  auto got = read(counsellor_, added->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->details.file_name, "../../etc/\r\nSet-Cookie: x=1\r\nпаспорт\u202egpj.exe");
}

TEST_F(CaseDocumentsTest, OutsidersAndOtherCasesGetTheSameNotFound) {
  auto added = add(counsellor_, "scan.pdf", pdf());
  ASSERT_TRUE(added.ok());
  auto other = created(counsellor_, org_b_);
  auto unknown = domain::DocumentId::generate(random_);
  auto audit_before = audit_entries().size();
  std::vector<Error> errors{
      error_of(documents_->read(actor(outsider_), outsider_.keys, org_b_, (*case_).id, added->id)),
      error_of(documents_->read(actor(outsider_), outsider_.keys, org_a_, (*case_).id, added->id)),
      error_of(documents_->read(actor(counsellor_), counsellor_.keys, org_b_, other.id, added->id)),
      error_of(
          documents_->read(actor(counsellor_), counsellor_.keys, org_b_, (*case_).id, unknown)),
      error_of(documents_->list(actor(outsider_), outsider_.keys, org_b_, (*case_).id)),
      error_of(documents_->visits(actor(outsider_), outsider_.keys, org_b_, (*case_).id)),
      error_of(add(outsider_, "x.pdf", pdf(), &(*case_).id, &org_b_)),
  };
  for (auto const& error : errors) {
    EXPECT_EQ(error.code, ErrorCode::NotFound);
    EXPECT_EQ(error.detail, "no such case");
  }
  EXPECT_EQ(audit_entries().size(), audit_before);
  // Roles that never see case data, and a member without the key.
  EXPECT_EQ(error_of(read(editor_, added->id)).code, ErrorCode::PermissionDenied);
  EXPECT_EQ(error_of(read(pending_, added->id)).detail, kNoOrgKeyGrant);
}

TEST_F(CaseDocumentsTest, AddsAndReadsAreAuditedAndVisitsListedNewestFirst) {
  auto added = add(counsellor_, "scan.pdf", pdf());
  ASSERT_TRUE(added.ok());
  clock_.advance(1min);
  opened(colleague_, (*case_));
  clock_.advance(1min);
  ASSERT_TRUE(read(coordinator_, added->id).ok());
  auto all = audit_entries();
  ASSERT_GE(all.size(), 3u);
  auto last = all.end() - 3;
  EXPECT_EQ(last[0].action, AuditAction::DocumentAdded);
  EXPECT_EQ(last[1].action, AuditAction::CaseOpened);
  EXPECT_EQ(last[2].action, AuditAction::DocumentRead);
  for (auto it = last; it != all.end(); ++it) {
    EXPECT_EQ(it->object_kind, AuditObjectKind::Case);
    EXPECT_EQ(it->object_id, (*case_).id.str());
  }

  auto visits = documents_->visits(actor(counsellor_), counsellor_.keys, org_b_, (*case_).id, 1);
  ASSERT_TRUE(visits.ok()) << visits.error().detail;
  EXPECT_EQ(visits->total, 2);
  ASSERT_EQ(visits->visits.size(), 1u);
  EXPECT_EQ(visits->visits[0].action, AuditAction::DocumentRead);
  EXPECT_EQ(visits->visits[0].member, coordinator_.id);
  EXPECT_EQ(visits->visits[0].member_address, "coord@example.org");
  auto both = documents_->visits(actor(counsellor_), counsellor_.keys, org_b_, (*case_).id);
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->visits.size(), 2u);
  EXPECT_EQ(both->visits[1].action, AuditAction::CaseOpened);
  EXPECT_EQ(both->visits[1].member_address, "two@example.org");
  EXPECT_FALSE(
      documents_->visits(actor(counsellor_), counsellor_.keys, org_b_, (*case_).id, 0).ok());
  auto verdict = audit_.verify(*store_, Actor::system());
  ASSERT_TRUE(verdict.ok());
  EXPECT_FALSE(verdict->first_break.has_value());
}

TEST_F(CaseDocumentsTest, DamagedChunkIsCorruptionAndNotAudited) {
  auto added = add(counsellor_, "a.txt", bytes_of("hello world\n"));
  ASSERT_TRUE(added.ok());
  auto audit_before = audit_entries().size();
  // Overwrite the stored chunk behind the store's back (a second connection: WAL lets it).
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &handle), SQLITE_OK);
  sqlite3_busy_timeout(handle, 5000);
  EXPECT_EQ(sqlite3_exec(handle, "UPDATE case_document_chunks SET bytes = zeroblob(length(bytes))",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(handle);
  auto got = read(counsellor_, added->id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::Corruption);
  EXPECT_EQ(audit_entries().size(), audit_before);
}

TEST_F(CaseDocumentsTest, TheDatabaseHoldsNeitherContentNorName) {
  ASSERT_TRUE(add(counsellor_, kNameCanary, bytes_of(kContentCanary)).ok());
  auto wal = haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"));
  store_.reset();
  for (std::string const& haystack :
       {haven::testing::all_stored_values(db_path()), haven::testing::file_bytes(db_path()), wal,
        haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"))}) {
    for (std::string_view canary :
         {std::string_view("CANARY"), std::string_view("военкомат"), std::string_view("ivanov")}) {
      EXPECT_EQ(haystack.find(canary), std::string::npos) << canary;
    }
  }
}

}  // namespace
}  // namespace haven::app

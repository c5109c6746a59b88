#include "storage/sql_documents.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_DOCUMENT_COLUMNS                                                          \
  "id, org_id, case_id, added_by, added_at, chunk_count, sealed_bytes, stream_header, " \
  "sealed_details"

constexpr std::size_t kMaxDocumentsPerPage = 500;

constexpr Statement kCaseExistsInOrg{"documents.case_exists",
                                     "SELECT count(*) FROM cases WHERE id = $1 AND org_id = $2"};
constexpr Statement kUserExists{"documents.user_exists",
                                "SELECT count(*) FROM users WHERE id = $1"};
// ON CONFLICT DO NOTHING: a taken id is reported by the row count, so the transaction stays
// usable on PostgreSQL.
constexpr Statement kInsert{"documents.insert",
                            "INSERT INTO case_documents (" HAVEN_DOCUMENT_COLUMNS
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING"};
constexpr Statement kInsertChunk{
    "documents.insert_chunk",
    "INSERT INTO case_document_chunks (document_id, chunk_index, bytes) VALUES ($1, $2, $3)"};
constexpr Statement kFind{"documents.find",
                          "SELECT " HAVEN_DOCUMENT_COLUMNS
                          " FROM case_documents WHERE id = $1 AND case_id = $2 AND org_id = $3"};
constexpr Statement kList{"documents.list",
                          "SELECT " HAVEN_DOCUMENT_COLUMNS
                          " FROM case_documents WHERE case_id = $1 AND org_id = $2 "
                          "ORDER BY added_at DESC, id DESC LIMIT $3"};
constexpr Statement kCount{
    "documents.count", "SELECT count(*) FROM case_documents WHERE case_id = $1 AND org_id = $2"};
constexpr Statement kChunk{
    "documents.chunk",
    "SELECT bytes FROM case_document_chunks WHERE document_id = $1 AND chunk_index = $2"};

Error no_document() { return make_error(ErrorCode::NotFound, "no such document"); }

SqlParam blob_of(std::vector<std::uint8_t> const& bytes) {
  return Blob{std::string_view(reinterpret_cast<char const*>(bytes.data()), bytes.size())};
}

std::vector<std::uint8_t> bytes_of(std::string const& text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

Result<void> check_document(app::StoredDocument const& record,
                            std::span<std::vector<std::uint8_t> const> chunks) {
  auto bad = [](std::string_view why) {
    return make_error(ErrorCode::InvalidInput, "document " + std::string(why));
  };
  if (record.stream_header.empty()) return bad("has no stream header");
  if (record.sealed_details.empty()) return bad("has no sealed details");
  if (chunks.empty() || record.chunk_count != static_cast<std::int64_t>(chunks.size())) {
    return bad("chunk count does not match its chunks");
  }
  if (std::any_of(chunks.begin(), chunks.end(), [](auto const& c) { return c.empty(); })) {
    return bad("has an empty chunk");
  }
  auto total = std::accumulate(
      chunks.begin(), chunks.end(), std::int64_t{0},
      [](std::int64_t sum, auto const& c) { return sum + static_cast<std::int64_t>(c.size()); });
  if (total != record.sealed_bytes) return bad("byte count does not match its chunks");
  return {};
}

// Columns as in HAVEN_DOCUMENT_COLUMNS.
Result<app::StoredDocument> read_document(SqlRow const& row) {
  auto id = domain::DocumentId::parse(row.text(0));
  auto org = domain::OrgId::parse(row.text(1));
  auto case_id = domain::CaseId::parse(row.text(2));
  if (!id || !org || !case_id) {
    return make_error(ErrorCode::Corruption, "case_documents row has a bad id");
  }
  app::StoredDocument out{.id = *id,
                          .org = *org,
                          .case_id = *case_id,
                          .added_by = std::nullopt,
                          .added_at = from_millis(row.int64(4)),
                          .chunk_count = row.int64(5),
                          .sealed_bytes = row.int64(6),
                          .stream_header = bytes_of(row.text(7)),
                          .sealed_details = bytes_of(row.text(8))};
  if (!row.is_null(3)) {
    out.added_by = domain::UserId::parse(row.text(3));
    if (!out.added_by)
      return make_error(ErrorCode::Corruption, "case_documents row has a bad user");
  }
  return out;
}

}  // namespace

Result<void> SqlDocumentRepository::add(app::StoredDocument const& record,
                                        std::span<std::vector<std::uint8_t> const> chunks) {
  if (auto valid = check_document(record, chunks); !valid) return valid;
  auto known = count_is_positive(conn_, kCaseExistsInOrg, {record.case_id.str(), record.org.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such case");
  if (record.added_by) {
    auto user = count_is_positive(conn_, kUserExists, {record.added_by->str()});
    if (!user) return std::move(user).error();
    if (!*user) return make_error(ErrorCode::NotFound, "no such user");
  }
  SqlParam added_by = nullptr;
  if (record.added_by) added_by = std::string_view(record.added_by->str());
  auto inserted =
      conn_.execute(kInsert, {record.id.str(), record.org.str(), record.case_id.str(), added_by,
                              to_millis(record.added_at), record.chunk_count, record.sealed_bytes,
                              blob_of(record.stream_header), blob_of(record.sealed_details)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "a document with this id exists");
  }
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    auto stored = conn_.execute(
        kInsertChunk, {record.id.str(), static_cast<std::int64_t>(i), blob_of(chunks[i])});
    if (!stored) return std::move(stored).error();
  }
  return {};
}

Result<app::StoredDocument> SqlDocumentRepository::find(domain::OrgId const& org,
                                                        domain::CaseId const& case_id,
                                                        domain::DocumentId const& id) {
  auto found = conn_.execute(kFind, {id.str(), case_id.str(), org.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return no_document();
  return read_document(found->rows.front());
}

Result<std::vector<app::StoredDocument>> SqlDocumentRepository::list(domain::OrgId const& org,
                                                                     domain::CaseId const& case_id,
                                                                     std::size_t limit) {
  return read_rows(conn_.execute(kList, {case_id.str(), org.str(),
                                         limit_value(std::min(limit, kMaxDocumentsPerPage))}),
                   read_document);
}

Result<std::int64_t> SqlDocumentRepository::count(domain::OrgId const& org,
                                                  domain::CaseId const& case_id) {
  auto counted = conn_.execute(kCount, {case_id.str(), org.str()});
  if (!counted) return std::move(counted).error();
  return counted->rows.empty() ? 0 : counted->rows.front().int64(0);
}

Result<std::vector<std::uint8_t>> SqlDocumentRepository::chunk(domain::DocumentId const& id,
                                                               std::int64_t index) {
  auto found = conn_.execute(kChunk, {id.str(), index});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return make_error(ErrorCode::NotFound, "no such document chunk");
  return bytes_of(found->rows.front().text(0));
}

}  // namespace haven::storage

// The documents repository (case_documents and their chunks; migration 0008) over one
// transaction's SqlConnection, written once for both engines. Details and chunks are stored
// as the opaque bytes vault/ produced. Lives as long as the SqlTransaction that owns it.
#pragma once

#include "app/ports/document_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// Beyond the port's contract: add() refuses with InvalidInput, before touching the
// database, a row whose chunk count or byte total does not match `chunks`, an empty chunk,
// header or details. list() pages hold at most 500 documents (larger limits are clamped).
class SqlDocumentRepository final : public app::DocumentRepository {
 public:
  explicit SqlDocumentRepository(SqlConnection& conn) : conn_(conn) {}

  Result<void> add(app::StoredDocument const& record,
                   std::span<std::vector<std::uint8_t> const> chunks) override;
  Result<app::StoredDocument> find(domain::OrgId const& org, domain::CaseId const& case_id,
                                   domain::DocumentId const& id) override;
  Result<std::vector<app::StoredDocument>> list(domain::OrgId const& org,
                                                domain::CaseId const& case_id,
                                                std::size_t limit) override;
  Result<std::int64_t> count(domain::OrgId const& org, domain::CaseId const& case_id) override;
  Result<std::vector<std::uint8_t>> chunk(domain::DocumentId const& id,
                                          std::int64_t index) override;

 private:
  SqlConnection& conn_;
};

}  // namespace haven::storage

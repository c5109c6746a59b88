// Documents on a case (issue 4 §3) and "who opened this case" (issue 4 §8). A document's
// type comes from its content (DocumentTypes), never from what the sender declared; its
// name, type and size are sealed under the case's DEK, its content with vault::FileSealer
// in chunks bound to the document id. Adding one is a change of the case (a Document
// timeline entry, audited document_added); every read of one is audited document_read.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_log.h"
#include "app/document_types.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/ids.h"
#include "vault/keypair.h"

namespace haven::app {

// The details of CaseDocuments::add's InvalidInput refusals, so the page can say which in
// the reader's language. kDocumentTypeRefused is followed by the detected media type.
inline constexpr std::string_view kDocumentEmpty = "the file is empty";
inline constexpr std::string_view kDocumentTooLarge = "the file is larger than 10 MiB";
inline constexpr std::string_view kDocumentNameTooLong = "the file name is longer than 1024 bytes";
inline constexpr std::string_view kDocumentTypeRefused = "files of this type are not accepted: ";

// How many documents one list() returns at most; how many visits visits() at most.
inline constexpr std::size_t kMaxDocumentPage = 500;
inline constexpr std::size_t kMaxVisitPage = 100;

struct NewDocument {
  std::string file_name;  // as the browser sent it: kept (sealed), shown only in safe form
  std::span<std::uint8_t const> content;
};

// What is sealed in a document's details.
struct DocumentDetails {
  std::string file_name;   // as given
  std::string safe_name;   // domain::safe_file_name: what is shown and downloaded
  std::string media_type;  // detected from the content
  std::string format;      // domain::DocumentFormat::label ("PDF", "JPEG", ...)
  std::int64_t bytes = 0;
};

struct DocumentSummary {
  domain::DocumentId id;
  std::optional<domain::UserId> added_by;  // nullopt: the system
  std::chrono::system_clock::time_point added_at;
  // nullopt when the envelope does not open (damaged): the page says so for this document
  // instead of hiding the others.
  std::optional<DocumentDetails> details;
};

struct DocumentList {
  std::vector<DocumentSummary> documents;  // newest first
  std::int64_t total = 0;
};

struct OpenedDocument {
  DocumentDetails details;
  std::vector<std::uint8_t> content;
};

// One audited look at a case: an open of it, or a read of one of its documents.
struct CaseVisit {
  std::optional<domain::UserId> member;  // nullopt: the system
  // The member's address opened with the organisation's key; nullopt when it does not open.
  std::optional<std::string> member_address;
  AuditAction action = AuditAction::CaseOpened;  // CaseOpened or DocumentRead
  std::chrono::system_clock::time_point at;
};

struct CaseVisits {
  std::vector<CaseVisit> visits;  // newest first
  std::int64_t total = 0;         // every visit of the case, for "and N more"
};

// Errors as CaseService's (case_service.h): one NotFound for an unknown case, another
// organisation's, an organisation the actor is not in, and (read) an unknown document or
// one of another case; PermissionDenied for a role that may not and, with kNoOrgKeyGrant,
// without a grant of the organisation key. Nothing is written on any error. File names and
// contents are never logged or audited: entries carry the case id only.
class CaseDocuments {
 public:
  // Every reference must outlive the service. Thread-safe as the store and types are.
  CaseDocuments(Store& store, Clock const& clock, Random& random, AuditLog const& audit,
                DocumentTypes const& types)
      : store_(store), clock_(clock), random_(random), audit_(audit), types_(types) {}

  // After Action::EditCase: the document sealed under the case's DEK, a Document timeline
  // entry holding its safe name, the case's updated_at and version moved (like a note; tried
  // twice when a change commits in between, then Conflict). Audits document_added.
  // InvalidInput with kDocumentEmpty, kDocumentTooLarge, kDocumentNameTooLong or
  // kDocumentTypeRefused + the detected type, checked before anything is read or written.
  Result<DocumentSummary> add(Actor const& actor, vault::Keypair const& reader,
                              domain::OrgId const& org, domain::CaseId const& case_id,
                              NewDocument const& document);

  // The case's newest `limit` (1..kMaxDocumentPage) documents with their details opened,
  // after Action::OpenCase. Not audited: only metadata of the documents the case page (whose
  // open is audited) shows.
  Result<DocumentList> list(Actor const& actor, vault::Keypair const& reader,
                            domain::OrgId const& org, domain::CaseId const& case_id,
                            std::size_t limit = 50);

  // One document, opened whole (at most domain::kMaxDocumentBytes), after Action::OpenCase.
  // Audits document_read in the same transaction: no read without its entry. Corruption
  // when its details or content do not open whole.
  Result<OpenedDocument> read(Actor const& actor, vault::Keypair const& reader,
                              domain::OrgId const& org, domain::CaseId const& case_id,
                              domain::DocumentId const& id);

  // Who opened the case or read its documents, newest first, at most `limit`
  // (1..kMaxVisitPage), from the audit log's index on the case, after Action::OpenCase.
  Result<CaseVisits> visits(Actor const& actor, vault::Keypair const& reader,
                            domain::OrgId const& org, domain::CaseId const& case_id,
                            std::size_t limit = 20);

 private:
  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
  DocumentTypes const& types_;
};

}  // namespace haven::app

#include "app/case_documents.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <utility>

#include "app/case_access.h"
#include "app/org_keys.h"
#include "domain/document.h"
#include "vault/field_cipher.h"
#include "vault/file_stream.h"

namespace haven::app {

namespace {

using domain::CaseId;
using domain::DocumentId;
using domain::OrgId;

// The details envelope's plaintext, version 1 (docs/formats/vault-envelopes.md):
// "1\n<media type>\n<bytes>\n<file name as given>". The name comes last: it may hold any
// byte, line feeds included.
constexpr std::string_view kDetailsVersion = "1";

// AAD = case id + this + the document id: details cannot move to another case or document.
std::string details_field(DocumentId const& id) { return "document:" + id.str(); }

std::string details_text(DocumentDetails const& details) {
  return std::string(kDetailsVersion) + "\n" + details.media_type + "\n" +
         std::to_string(details.bytes) + "\n" + details.file_name;
}

std::optional<DocumentDetails> parse_details(std::string_view text) {
  auto next_line = [&text]() -> std::optional<std::string_view> {
    auto end = text.find('\n');
    if (end == std::string_view::npos) return std::nullopt;
    auto line = text.substr(0, end);
    text.remove_prefix(end + 1);
    return line;
  };
  auto version = next_line();
  auto media_type = next_line();
  auto bytes_text = next_line();
  if (!version || *version != kDetailsVersion || !media_type || !bytes_text) return std::nullopt;
  std::int64_t bytes = 0;
  auto [end, failed] =
      std::from_chars(bytes_text->data(), bytes_text->data() + bytes_text->size(), bytes);
  if (failed != std::errc() || end != bytes_text->data() + bytes_text->size() || bytes < 0) {
    return std::nullopt;
  }
  auto format = domain::find_document_format(*media_type);
  if (!format) return std::nullopt;
  return DocumentDetails{.file_name = std::string(text),
                         .safe_name = domain::safe_file_name(text, *format),
                         .media_type = std::string(*media_type),
                         .format = std::string(format->label),
                         .bytes = bytes};
}

std::optional<DocumentDetails> open_details(vault::SecretBytes const& dek,
                                            StoredDocument const& stored) {
  auto text =
      vault::open_field(dek, stored.case_id.str(), details_field(stored.id), stored.sealed_details);
  if (!text) return std::nullopt;
  return parse_details(*text);
}

Error refused(std::string_view why) {
  return make_error(ErrorCode::InvalidInput, std::string(why));
}

// The content as FileSealer chunks, chunk i at index i.
Result<std::vector<std::vector<std::uint8_t>>> seal_chunks(vault::FileSealer& sealer,
                                                           std::span<std::uint8_t const> content) {
  std::vector<std::vector<std::uint8_t>> chunks;
  chunks.reserve(content.size() / vault::kFileChunkBytes + 1);
  std::size_t offset = 0;
  do {
    auto size = std::min(vault::kFileChunkBytes, content.size() - offset);
    bool last = offset + size == content.size();
    auto sealed = sealer.seal_chunk(content.subspan(offset, size),
                                    last ? vault::FileChunk::Final : vault::FileChunk::More);
    if (!sealed) return std::move(sealed).error();
    chunks.push_back(std::move(sealed).value());
    offset += size;
  } while (offset < content.size());
  return chunks;
}

Result<std::vector<std::uint8_t>> open_chunks(Transaction& tx, vault::SecretBytes const& dek,
                                              StoredDocument const& stored) {
  auto opener = vault::FileOpener::start(dek, stored.id.str(), stored.stream_header);
  if (!opener) return std::move(opener).error();
  std::vector<std::uint8_t> content;
  for (std::int64_t i = 0; i < stored.chunk_count; ++i) {
    auto sealed = tx.documents().chunk(stored.id, i);
    if (!sealed) return std::move(sealed).error();
    auto opened = opener->open_chunk(*sealed);
    if (!opened) return std::move(opened).error();
    if (content.size() + opened->size() > domain::kMaxDocumentBytes) {
      return make_error(ErrorCode::Corruption, "document is longer than any accepted");
    }
    content.insert(content.end(), opened->begin(), opened->end());
  }
  if (!opener->is_finished()) return make_error(ErrorCode::Corruption, "document is truncated");
  return content;
}

}  // namespace

Result<DocumentSummary> CaseDocuments::add(Actor const& actor, vault::Keypair const& reader,
                                           OrgId const& org, CaseId const& case_id,
                                           NewDocument const& document) {
  if (auto allowed = authorise_case(actor, Action::EditCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (document.content.empty()) return refused(kDocumentEmpty);
  if (document.content.size() > domain::kMaxDocumentBytes) return refused(kDocumentTooLarge);
  if (document.file_name.size() > domain::kMaxFileNameBytes) return refused(kDocumentNameTooLong);
  auto media_type = types_.detect(document.content);
  if (!media_type) return std::move(media_type).error();
  auto format = domain::find_document_format(*media_type);
  if (!format) return refused(std::string(kDocumentTypeRefused) + *media_type);
  DocumentDetails details{.file_name = document.file_name,
                          .safe_name = domain::safe_file_name(document.file_name, *format),
                          .media_type = *media_type,
                          .format = std::string(format->label),
                          .bytes = static_cast<std::int64_t>(document.content.size())};
  // Two attempts, as for a note (case_service.h): a change committed in between moved the
  // version, not what the document is.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool raced = false;
    auto done = store_.in_transaction([&](Transaction& tx) -> Result<DocumentSummary> {
      raced = false;
      auto unlocked = unlock_case(tx, actor, reader, org, case_id);
      if (!unlocked) return std::move(unlocked).error();
      domain::Case record = unlocked->record;
      record.updated_at = clock_.now();
      if (auto updated = tx.cases().update(record); !updated) {
        raced = updated.error().code == ErrorCode::Conflict;
        return std::move(updated).error();
      }
      auto id = DocumentId::generate(random_);
      auto sealer = vault::FileSealer::start(unlocked->dek, id.str());
      if (!sealer) return std::move(sealer).error();
      auto chunks = seal_chunks(*sealer, document.content);
      if (!chunks) return std::move(chunks).error();
      auto sealed_details =
          vault::seal_field(unlocked->dek, case_id.str(), details_field(id), details_text(details));
      if (!sealed_details) return std::move(sealed_details).error();
      std::int64_t sealed_bytes = 0;
      for (auto const& chunk : *chunks) sealed_bytes += static_cast<std::int64_t>(chunk.size());
      StoredDocument stored{.id = id,
                            .org = org,
                            .case_id = case_id,
                            .added_by = actor.user_id(),
                            .added_at = record.updated_at,
                            .chunk_count = static_cast<std::int64_t>(chunks->size()),
                            .sealed_bytes = sealed_bytes,
                            .stream_header = sealer->header(),
                            .sealed_details = std::move(sealed_details).value()};
      if (auto added = tx.documents().add(stored, *chunks); !added) return added.error();
      auto appended =
          append_sealed_entry(tx, random_, unlocked->dek, record, domain::EntryKind::Document,
                              actor.user_id(), details.safe_name);
      if (!appended) return std::move(appended).error();
      auto audited = audit_.append(tx, case_event(actor, AuditAction::DocumentAdded, org, case_id));
      if (!audited) return std::move(audited).error();
      return DocumentSummary{.id = std::move(id),
                             .added_by = actor.user_id(),
                             .added_at = record.updated_at,
                             .details = details};
    });
    if (done.ok() || !raced) return done;
  }
  return make_error(ErrorCode::Conflict, "the case changed meanwhile: reload it and try again");
}

Result<DocumentList> CaseDocuments::list(Actor const& actor, vault::Keypair const& reader,
                                         OrgId const& org, CaseId const& case_id,
                                         std::size_t limit) {
  if (auto allowed = authorise_case(actor, Action::OpenCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (limit < 1 || limit > kMaxDocumentPage) {
    return make_error(ErrorCode::InvalidInput, "a document page holds 1 to 500 documents");
  }
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<DocumentList> {
        auto unlocked = unlock_case(tx, actor, reader, org, case_id);
        if (!unlocked) return std::move(unlocked).error();
        auto stored = tx.documents().list(org, case_id, limit);
        if (!stored) return std::move(stored).error();
        auto total = tx.documents().count(org, case_id);
        if (!total) return std::move(total).error();
        DocumentList out{.documents = {}, .total = *total};
        out.documents.reserve(stored->size());
        for (auto const& document : *stored) {
          out.documents.push_back(
              DocumentSummary{.id = document.id,
                              .added_by = document.added_by,
                              .added_at = document.added_at,
                              .details = open_details(unlocked->dek, document)});
        }
        return out;
      },
      TransactionMode::ReadOnly);
}

Result<OpenedDocument> CaseDocuments::read(Actor const& actor, vault::Keypair const& reader,
                                           OrgId const& org, CaseId const& case_id,
                                           DocumentId const& id) {
  if (auto allowed = authorise_case(actor, Action::OpenCase, org); !allowed) {
    return std::move(allowed).error();
  }
  return store_.in_transaction([&](Transaction& tx) -> Result<OpenedDocument> {
    auto unlocked = unlock_case(tx, actor, reader, org, case_id);
    if (!unlocked) return std::move(unlocked).error();
    // Another case's document answers like an unknown case: one NotFound for all of them.
    auto stored = hide_not_found(tx.documents().find(org, case_id, id));
    if (!stored) return std::move(stored).error();
    auto details = open_details(unlocked->dek, *stored);
    if (!details) return make_error(ErrorCode::Corruption, "document details do not open");
    auto content = open_chunks(tx, unlocked->dek, *stored);
    if (!content) return std::move(content).error();
    if (static_cast<std::int64_t>(content->size()) != details->bytes) {
      return make_error(ErrorCode::Corruption, "document size does not match its details");
    }
    auto audited = audit_.append(tx, case_event(actor, AuditAction::DocumentRead, org, case_id));
    if (!audited) return std::move(audited).error();
    return OpenedDocument{.details = std::move(details).value(),
                          .content = std::move(content).value()};
  });
}

Result<CaseVisits> CaseDocuments::visits(Actor const& actor, vault::Keypair const& reader,
                                         OrgId const& org, CaseId const& case_id,
                                         std::size_t limit) {
  if (auto allowed = authorise_case(actor, Action::OpenCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (limit < 1 || limit > kMaxVisitPage) {
    return make_error(ErrorCode::InvalidInput, "a visit list holds 1 to 100 visits");
  }
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<CaseVisits> {
        auto record = hide_not_found(tx.cases().find(org, case_id));
        if (!record) return std::move(record).error();
        auto keys = open_org_with_keys(tx, actor, reader, org);
        if (!keys) return std::move(keys).error();
        AuditObjectQuery query{.organisation = org,
                               .kind = AuditObjectKind::Case,
                               .object_id = case_id.str(),
                               .actions = {AuditAction::CaseOpened, AuditAction::DocumentRead}};
        auto entries = tx.audit().list_about(query, limit);
        if (!entries) return std::move(entries).error();
        auto total = tx.audit().count_about(query);
        if (!total) return std::move(total).error();
        std::optional<vault::Keypair> org_keys(std::move(keys->keys));
        // Each member's address opens once, however often they looked.
        std::map<std::string, std::optional<std::string>> addresses;
        CaseVisits out{.visits = {}, .total = *total};
        for (auto const& entry : *entries) {
          CaseVisit visit{.member = entry.actor_id,
                          .member_address = std::nullopt,
                          .action = entry.action,
                          .at = entry.at};
          if (entry.actor_id) {
            auto [known, fresh] = addresses.try_emplace(entry.actor_id->str());
            if (fresh) {
              auto user = tx.staff().find_user(*entry.actor_id);
              if (user) known->second = open_staff_email(org_keys, user->email_ciphertext);
            }
            visit.member_address = known->second;
          }
          out.visits.push_back(std::move(visit));
        }
        return out;
      },
      TransactionMode::ReadOnly);
}

}  // namespace haven::app

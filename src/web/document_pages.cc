#include "web/document_pages.h"

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/case_documents.h"
#include "core/utc_time.h"
#include "http/form.h"
#include "i18n/placeholders.h"
#include "web/case_page.h"
#include "web/case_request.h"
#include "web/error_response.h"
#include "web/staff_session.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::Language;

// How many documents and visits the case page shows; more are counted ("and 3 more").
constexpr std::size_t kDocumentsShown = 50;
constexpr std::size_t kVisitsShown = 20;

std::string short_id(std::string const& id) { return id.substr(0, 8); }

std::string member_word(SiteParts const& site, Language language, app::SignedInStaff const& staff,
                        std::optional<domain::UserId> const& member,
                        std::optional<std::string> const& address = std::nullopt) {
  if (!member) return translate(site, language, "system");
  if (member == staff.actor.user_id()) return translate(site, language, "me");
  if (address) return *address;
  return i18n::fill_placeholders(translate(site, language, "Member {id}"),
                                 {{"id", short_id(member->str())}});
}

std::string document_path(domain::OrgId const& org, domain::CaseId const& id,
                          domain::DocumentId const& document) {
  return case_path(org, id) + "/documents/" + document.str();
}

std::string more_text(SiteParts const& site, Language language, std::int64_t more) {
  return site.catalog.translate_plural(language, "and {count} more", "and {count} more", more);
}

void add_documents(SiteParts const& site, Language language, app::SignedInStaff const& staff,
                   vault::Keypair const& reader, domain::OrgId const& org, domain::CaseId const& id,
                   mustache::data& data) {
  auto listed = site.documents->list(staff.actor, reader, org, id, kDocumentsShown);
  if (!listed) return;
  mustache::list documents;
  for (app::DocumentSummary const& document : listed->documents) {
    mustache::object item;
    item["readable"] = document.details.has_value();
    if (document.details) {
      item["name"] = document.details->safe_name;
      item["format"] = document.details->format;
      item["size"] = format_file_size(site, language, document.details->bytes);
      item["href"] = document_path(org, id, document.id);
    }
    item["added"] = format_utc_minute(document.added_at);
    item["by"] = member_word(site, language, staff, document.added_by);
    documents.emplace_back(std::move(item));
  }
  data.set("has_documents_section", true);
  data.set("has_documents", !documents.empty());
  data.set("documents", documents);
  auto more = listed->total - static_cast<std::int64_t>(listed->documents.size());
  if (more > 0) data.set("documents_more", more_text(site, language, more));
}

void add_visits(SiteParts const& site, Language language, app::SignedInStaff const& staff,
                vault::Keypair const& reader, domain::OrgId const& org, domain::CaseId const& id,
                mustache::data& data) {
  auto found = site.documents->visits(staff.actor, reader, org, id, kVisitsShown);
  if (!found) return;
  mustache::list visits;
  for (app::CaseVisit const& visit : found->visits) {
    mustache::object item;
    item["who"] = member_word(site, language, staff, visit.member, visit.member_address);
    item["what"] =
        translate(site, language,
                  visit.action == app::AuditAction::DocumentRead ? "downloaded a document"
                                                                 : "opened the case");
    item["at"] = format_utc_minute(visit.at);
    visits.emplace_back(std::move(item));
  }
  data.set("has_visits_section", true);
  data.set("visits", visits);
  auto more = found->total - static_cast<std::int64_t>(found->visits.size());
  if (more > 0) data.set("visits_more", more_text(site, language, more));
}

// RFC 5987 attr-char: what `filename*=` may carry without percent-encoding.
bool is_attr_char(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string percent_encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_attr_char(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

// The case page with `msgid` (its {type} filled with `type`) above it.
http::Response refuse_upload(SiteParts const& site, http::Request const& request,
                             app::SignedInStaff const& staff, domain::OrgId const& org,
                             domain::CaseId const& id, std::string_view msgid, unsigned status,
                             std::string const& type = {}) {
  Language language = staff_language(request, staff);
  CaseFeedback feedback;
  feedback.problem = i18n::fill_placeholders(translate(site, language, msgid), {{"type", type}});
  return render_case(site, request, staff, org, id, feedback, status);
}

// The case page saying why app::CaseDocuments refused the file (`detail` of its
// InvalidInput).
http::Response refuse_file(SiteParts const& site, http::Request const& request,
                           app::SignedInStaff const& staff, domain::OrgId const& org,
                           domain::CaseId const& id, std::string_view detail) {
  if (detail == app::kDocumentEmpty) {
    return refuse_upload(site, request, staff, org, id, "The file is empty. Choose the file again.",
                         400);
  }
  if (detail == app::kDocumentTooLarge) {
    return refuse_upload(site, request, staff, org, id,
                         "The file is larger than 10 MB. Make it smaller (for example a scan at a "
                         "lower resolution) and add it again.",
                         413);
  }
  if (detail.starts_with(app::kDocumentTypeRefused)) {
    std::string type(detail.substr(app::kDocumentTypeRefused.size()));
    return refuse_upload(site, request, staff, org, id,
                         "Files of this type cannot be added (found: {type}). Add a PDF, an image "
                         "(JPEG, PNG, GIF, WebP, HEIC), a text file, an office document or RTF.",
                         400, type);
  }
  return refuse_upload(site, request, staff, org, id,
                       "The file name is too long. Rename the file and add it again.", 400);
}

}  // namespace

std::string attachment_disposition(std::string const& safe_name) {
  return "attachment; filename=\"" + domain::ascii_file_name(safe_name) + "\"; filename*=UTF-8''" +
         percent_encoded(safe_name);
}

std::string format_file_size(SiteParts const& site, Language language, std::int64_t bytes) {
  // Binary units, as file managers on the staff's computers count them: the 10 MB cap is
  // 10 * 1024 * 1024 bytes and shows as "10.0 MB".
  if (bytes < 1024) {
    return site.catalog.translate_plural(language, "{count} byte", "{count} bytes", bytes);
  }
  bool mega = bytes >= 1024 * 1024;
  double value = static_cast<double>(bytes) / (mega ? 1024.0 * 1024.0 : 1024.0);
  // One decimal, then the reader's separators: "2.4" (en), "2,4" (ru, uk, de).
  std::string number = site.catalog.format_number(language, std::round(value * 10.0) / 10.0);
  return i18n::fill_placeholders(translate(site, language, mega ? "{size} MB" : "{size} KB"),
                                 {{"size", number}});
}

void add_case_documents(SiteParts const& site, Language language, app::SignedInStaff const& staff,
                        vault::Keypair const& reader, domain::OrgId const& org,
                        domain::CaseId const& id, mustache::data& data) {
  if (site.documents == nullptr) return;
  add_documents(site, language, staff, reader, org, id, data);
  add_visits(site, language, staff, reader, org, id, data);
}

http::Response upload_case_document(SiteParts const& site, http::Request& request,
                                    app::SignedInStaff const& staff) {
  if (site.documents == nullptr || site.cases == nullptr) return not_found();
  auto post = read_case_post(request);
  if (!post) return respond_with_error(request, post.error());
  http::UploadedFile const* file = nullptr;
  for (auto const& part : post->form.files) {
    if (part.field == "file") file = &part;
  }
  if (file == nullptr || (file->filename.empty() && file->content.empty())) {
    return refuse_upload(site, request, staff, post->org, post->id, "Choose a file to add.", 400);
  }
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  std::span<std::uint8_t const> content(reinterpret_cast<std::uint8_t const*>(file->content.data()),
                                        file->content.size());
  auto added =
      site.documents->add(staff.actor, *reader, post->org, post->id,
                          app::NewDocument{.file_name = file->filename, .content = content});
  if (added) return see_other_private(case_path(post->org, post->id));
  auto refused_file = [&](Error const& failure) {
    return refuse_file(site, request, staff, post->org, post->id, failure.detail);
  };
  return refusal_page(site, request, staff, post->org, added.error(),
                      {.invalid_input = refused_file});
}

http::Response download_case_document(SiteParts const& site, http::Request& request,
                                      app::SignedInStaff const& staff) {
  if (site.documents == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  auto id = case_in_path(request);
  if (!id) return respond_with_error(request, id.error());
  auto document = domain::DocumentId::parse(request.param("document"));
  if (!document) return not_found();
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  auto opened = site.documents->read(staff.actor, *reader, *org, *id, *document);
  if (!opened) return respond_with_error(request, opened.error());
  http::Response response;
  response.status = 200;
  // Never the detected type: a browser must not render what a hostile sender crafted.
  response.content_type = "application/octet-stream";
  response.headers.set("Content-Disposition", attachment_disposition(opened->details.safe_name));
  response.headers.set("Cache-Control", "no-store");
  response.body.assign(opened->content.begin(), opened->content.end());
  return response;
}

}  // namespace haven::web

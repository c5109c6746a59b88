// Documents on the case page and "who opened this case" (issue 4 §3 and §8): the case page's
// "Documents" section (list with download links, the upload form), the upload post, the
// download, and the "Who opened this case" section. What may be seen and done is app/'s
// decision (app::CaseDocuments); file names and contents are never logged.
#pragma once

#include <cstddef>
#include <string>

#include <kainjow/mustache.hpp>

#include "app/case_documents.h"
#include "app/session_service.h"
#include "domain/document.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// The upload route's body cap: the largest document and the multipart framing around it
// (boundaries, part headers, the CSRF field). A larger body is 413 before it is read.
inline constexpr std::size_t kDocumentFormBytes = domain::kMaxDocumentBytes + 64 * 1024;

// Adds the "Documents" and "Who opened this case" sections to the case page's `data`
// (has_documents_section, documents, documents_more, has_visits_section, visits,
// visits_more), read with the reader's key. Without app::CaseDocuments in the site, or when
// they cannot be read, the sections are left out: the rest of the case page still serves.
void add_case_documents(SiteParts const& site, domain::Language language,
                        app::SignedInStaff const& staff, vault::Keypair const& reader,
                        domain::OrgId const& org, domain::CaseId const& id,
                        kainjow::mustache::data& data);

// POST /staff/orgs/{org}/cases/{case}/documents, multipart/form-data with the file in the
// part "file": 303 to the case. No file, an empty one, one over 10 MiB (413), a type that
// is not accepted (naming what was detected) or a name too long: the case page with the
// problem, 400 unless said.
http::Response upload_case_document(SiteParts const& site, http::Request& request,
                                    app::SignedInStaff const& staff);

// GET /staff/orgs/{org}/cases/{case}/documents/{document}: the file as an attachment under
// its safe name (ASCII `filename=`, UTF-8 `filename*=`, RFC 6266/5987), as
// application/octet-stream, never cached; each download is audited by app/. Another case's
// or organisation's document, a random or malformed id: the same 404.
http::Response download_case_document(SiteParts const& site, http::Request& request,
                                      app::SignedInStaff const& staff);

// The Content-Disposition value for an attachment named `safe_name` (domain::safe_file_name).
std::string attachment_disposition(std::string const& safe_name);

// `bytes` for people: "512 bytes", "2.4 KB", "9.8 MB" (1 KB = 1024 bytes) with the reader's
// decimal separator.
std::string format_file_size(SiteParts const& site, domain::Language language, std::int64_t bytes);

}  // namespace haven::web

// The http::ErrorRenderer of the site: a friendly page in the visitor's language for every
// error status, or under /api/ the JSON `{"error": {"code", "message"}}`. Wording comes
// from error_response.h; it is translated once at start-up, not per error.
#pragma once

#include <array>
#include <map>
#include <string>

#include "http/message.h"
#include "http/server.h"
#include "i18n/catalog.h"
#include "web/page_templates.h"

namespace haven::web {

class ErrorPages {
 public:
  // `templates` must outlive this object.
  ErrorPages(i18n::Catalog const& catalog, PageTemplates const& templates);

  // Never fails and never throws; the language comes from the context's cookie and
  // Accept-Language. The request id, when known, is shown small for staff to find the log.
  http::Response render(http::ErrorContext const& context) const;

 private:
  struct Translated {
    std::string api_code;
    std::string title;
    std::string message;
  };
  Translated const& translated(domain::Language language, unsigned status) const;

  PageTemplates const* templates_;
  std::array<std::map<unsigned, Translated>, 4> by_language_;
  std::array<Translated, 4> other_client_error_;
  std::array<std::string, 4> reference_;  // "Error reference: {id}" per language
};

}  // namespace haven::web

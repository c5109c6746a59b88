// The HTML pages, compiled once at start-up. Templates (src/web/templates, embedded) are
// written in two stages: `[[English text]]` is a catalog msgid and `[[=slot]]` a value
// fixed at start-up; both are resolved per language before Mustache parses the result. What
// remains for each request is plain Mustache (`{{csrf}}`, `{{title}}`), escaping on.
#pragma once

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "core/embedded_file.h"
#include "core/result.h"
#include "domain/language.h"
#include "i18n/catalog.h"

namespace haven::web {

// Every page of the product; each is `layout.html` around its own body template.
enum class Page {
  Home,
  Error,
  SignIn,
  StaffHome,
  StaffSessions,
  AccountLink,
  AccountLinkDone,
  OwnAccount,
  RecoveryCodes,
  AuditLog,
  Members,
  MemberLink,
  Cases,
  NewCase,
  Case,
  NewCall
};
inline constexpr std::size_t kPageCount = 16;

// The embedded templates, by file name ("layout.html").
std::span<EmbeddedFile const> embedded_templates();

class PageTemplates {
 public:
  // Internal when a template is missing, does not parse, or names an unknown slot.
  static Result<PageTemplates> compile(i18n::Catalog const& catalog,
                                       std::string_view stylesheet_href);

  // Renders `page` for `language`. Request data: "csrf" (when set, the language switch is
  // shown; it needs the token), "next" (where the switch returns to), and the page's own
  // values. Thread-safe: see the note on rendering in page_templates.cc.
  std::string render(Page page, domain::Language language,
                     kainjow::mustache::data const& data) const;

 private:
  using Compiled = std::array<std::unique_ptr<kainjow::mustache::mustache>, 4>;
  std::array<Compiled, kPageCount> pages_;
};

// `[[…]]` resolution on its own, exposed for tests: slots first (their values may hold
// msgids), then msgids, HTML-escaped. Internal for an unknown slot or an unclosed "[[".
Result<std::string> resolve_template(
    std::string_view source, domain::Language language, i18n::Catalog const& catalog,
    std::span<std::pair<std::string_view, std::string> const> slots);

// The msgids a template names, for the catalog completeness test.
std::vector<std::string> msgids_in(std::string_view source);

}  // namespace haven::web

#include "web/error_pages.h"

#include <nlohmann/json.hpp>

#include "i18n/language_negotiation.h"
#include "i18n/placeholders.h"
#include "web/error_response.h"

namespace haven::web {

namespace {
// A status outside the table, translated once; any 4xx without its own wording uses it.
constexpr unsigned kOtherClientStatus = 499;
}  // namespace

ErrorPages::ErrorPages(i18n::Catalog const& catalog, PageTemplates const& templates)
    : templates_(&templates) {
  for (domain::Language language : domain::kLanguages) {
    auto index = static_cast<std::size_t>(language);
    auto translate = [&](unsigned status) {
      ErrorWording wording = wording_for(status);
      return Translated{std::string(wording.api_code), catalog.translate(language, wording.title),
                        catalog.translate(language, wording.message)};
    };
    for (unsigned status : statuses_with_wording()) {
      by_language_[index][status] = translate(status);
    }
    other_client_error_[index] = translate(kOtherClientStatus);
    reference_[index] = catalog.translate(language, "Error reference: {id}");
  }
}

ErrorPages::Translated const& ErrorPages::translated(domain::Language language,
                                                     unsigned status) const {
  auto index = static_cast<std::size_t>(language);
  auto const& table = by_language_[index];
  if (auto found = table.find(status); found != table.end()) return found->second;
  if (status >= 500) return table.at(500);
  return other_client_error_[index];
}

http::Response ErrorPages::render(http::ErrorContext const& context) const {
  domain::Language language =
      i18n::negotiate_language(context.accept_language, context.language_cookie);
  unsigned status = context.status >= 400 && context.status <= 599 ? context.status : 500;
  Translated const& wording = translated(language, status);
  auto index = static_cast<std::size_t>(language);

  if (context.is_api) {
    nlohmann::json body = {{"error", {{"code", wording.api_code}, {"message", wording.title}}}};
    auto response = http::Response::json(body.dump(), status);
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("Content-Language", std::string(domain::code(language)));
    return response;
  }
  kainjow::mustache::data data;
  data.set("title", wording.title);
  data.set("message", wording.message);
  if (!context.request_id.empty()) {
    data.set("reference", i18n::fill_placeholders(reference_[index], {{"id", context.request_id}}));
  }
  auto response = http::Response::html(templates_->render(Page::Error, language, data), status);
  response.headers.set("Content-Language", std::string(domain::code(language)));
  return response;
}

}  // namespace haven::web

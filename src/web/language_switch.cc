#include "web/language_switch.h"

#include <optional>

#include "http/form.h"
#include "i18n/language_negotiation.h"
#include "web/error_response.h"

namespace haven::web {
namespace {

constexpr std::int64_t kOneYearSeconds = 365LL * 24 * 60 * 60;
constexpr std::size_t kMaxNextBytes = 2048;

// Exactly one of our codes; parse_language's leniency ("ru-RU") is for headers, not forms.
std::optional<domain::Language> chosen_language(std::optional<std::string_view> field) {
  if (!field) return std::nullopt;
  for (domain::Language language : domain::kLanguages) {
    if (domain::code(language) == *field) return language;
  }
  return std::nullopt;
}

}  // namespace

std::string safe_local_path(std::string_view next) {
  if (next.empty() || next.size() > kMaxNextBytes || next[0] != '/') return "/";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
  for (char c : next) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || c == '\\') return "/";
  }
  return std::string(next);
}

http::Response switch_language(SiteParts const& site, http::Request& request) {
  auto form = http::parse_form(request);
  if (!form.ok()) return respond_with_error(request, form.error());
  auto language = chosen_language(form->get("lang"));
  if (!language) {
    return respond_with_error(request,
                              make_error(ErrorCode::InvalidInput, "language switch: unknown lang"));
  }
  auto response = http::Response::see_other(safe_local_path(form->get("next").value_or("/")));
  response.set_cookie(
      http::Cookie{
          .name = std::string(i18n::kLanguageCookie),
          .value = std::string(domain::code(*language)),
          .path = "/",
          .max_age_seconds = kOneYearSeconds,
          .http_only = true,
          .same_site = http::SameSite::Strict,
      },
      site.secure_transport);
  return response;
}

}  // namespace haven::web

#include "web/visitor.h"

#include "i18n/language_negotiation.h"

namespace haven::web {

namespace {
// Over TLS, http::Response::set_cookie prefixes the name with "__Host-".
std::string_view language_cookie(http::Request const& request) {
  static std::string const kHostName = "__Host-" + std::string(i18n::kLanguageCookie);
  if (auto value = request.cookie(kHostName)) return *value;
  return request.cookie(i18n::kLanguageCookie).value_or("");
}
}  // namespace

domain::Language visitor_language(http::Request const& request) {
  return i18n::negotiate_language(request.header("Accept-Language").value_or(""),
                                  language_cookie(request));
}

std::optional<domain::Language> chosen_language(http::Request const& request) {
  std::string_view cookie = language_cookie(request);
  for (domain::Language language : domain::kLanguages) {
    if (domain::code(language) == cookie) return language;
  }
  return std::nullopt;
}

kainjow::mustache::data layout_data(http::Request const& request) {
  kainjow::mustache::data data;
  if (!request.csrf_token.empty()) {
    data.set("csrf", request.csrf_token);
    data.set("next", encode_path(request.path.empty() ? "/" : request.path));
  }
  return data;
}

std::string encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

}  // namespace haven::web

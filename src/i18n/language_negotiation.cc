#include "i18n/language_negotiation.h"

#include <optional>

namespace haven::i18n {
namespace {

using domain::Language;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RFC 9110 qvalue: "0", "0.", "0.ddd", "1", "1.", "1.000" → thousandths; nullopt otherwise.
std::optional<int> parse_qvalue(std::string_view text) {
  if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int whole = text[0] - '0';
  int thousandths = 0;
  if (text.size() > 1) {
    if (text[1] != '.') return std::nullopt;
    int scale = 100;
    for (char c : text.substr(2)) {
      if (c < '0' || c > '9') return std::nullopt;
      thousandths += (c - '0') * scale;
      scale /= 10;
    }
  }
  int q = whole * 1000 + thousandths;
  return q > 1000 ? std::nullopt : std::optional<int>(q);
}

struct Entry {
  std::string_view tag;
  int q = 1000;
};

// One comma-separated element "tag;q=0.8"; nullopt when malformed.
std::optional<Entry> parse_entry(std::string_view element) {
  Entry entry;
  std::size_t semicolon = element.find(';');
  entry.tag = trim(element.substr(0, semicolon));
  if (entry.tag.empty()) return std::nullopt;
  while (semicolon != std::string_view::npos) {
    element = element.substr(semicolon + 1);
    semicolon = element.find(';');
    std::string_view parameter = trim(element.substr(0, semicolon));
    if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') ||
        parameter[1] != '=') {
      continue;  // an extension parameter: allowed and ignored
    }
    auto q = parse_qvalue(trim(parameter.substr(2)));
    if (!q) return std::nullopt;
    entry.q = *q;
  }
  return entry;
}

}  // namespace

Language negotiate_language(std::string_view accept_language, std::string_view cookie) {
  if (auto chosen = domain::parse_language(cookie)) return *chosen;

  std::string_view header = accept_language.substr(0, kMaxAcceptLanguageBytes);
  std::optional<Language> best;
  int best_q = 0;
  std::optional<int> wildcard_q;
  bool named[domain::kLanguages.size()] = {};
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    auto entry = parse_entry(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (!entry) continue;
    if (entry->tag == "*") {
      if (!wildcard_q) wildcard_q = entry->q;
      continue;
    }
    auto language = domain::parse_language(entry->tag);
    if (!language) continue;
    named[static_cast<std::size_t>(*language)] = true;
    if (entry->q > best_q) {
      best = language;
      best_q = entry->q;
    }
  }
  // "*" stands for every language not named: the first of ours the visitor did not mention.
  if (wildcard_q && *wildcard_q > best_q) {
    for (Language language : domain::kLanguages) {
      if (!named[static_cast<std::size_t>(language)]) return language;
    }
  }
  return best.value_or(domain::kDefaultLanguage);
}

}  // namespace haven::i18n

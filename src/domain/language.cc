#include "domain/language.h"

#include <cctype>

namespace haven::domain {

std::string_view code(Language language) {
  switch (language) {
    case Language::En:
      return "en";
    case Language::Ru:
      return "ru";
    case Language::Uk:
      return "uk";
    case Language::De:
      return "de";
  }
  return "en";
}

std::string_view native_name(Language language) {
  switch (language) {
    case Language::En:
      return "English";
    case Language::Ru:
      return "Русский";
    case Language::Uk:
      return "Українська";
    case Language::De:
      return "Deutsch";
  }
  return "English";
}

std::optional<Language> parse_language(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  if (text.size() > 2 && text[2] != '-' && text[2] != '_') return std::nullopt;
  char a = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  char b = static_cast<char>(std::tolower(static_cast<unsigned char>(text[1])));
  for (Language language : kLanguages) {
    auto c = code(language);
    if (c[0] == a && c[1] == b) return language;
  }
  return std::nullopt;
}

}  // namespace haven::domain

// The languages Haven speaks from the first page on (DESIGN.md §6). Adding one means a
// catalog in po/ and a row here, nothing else.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace haven::domain {

enum class Language { En, Ru, Uk, De };

inline constexpr std::array<Language, 4> kLanguages = {Language::En, Language::Ru, Language::Uk,
                                                       Language::De};
inline constexpr Language kDefaultLanguage = Language::En;

// ISO 639-1 code: "en", "ru", "uk", "de".
std::string_view code(Language language);
// The language's own name, as shown in the language switch ("Русский").
std::string_view native_name(Language language);
// Accepts a code in any case, with or without a region ("ru-RU", "de_AT"); nullopt otherwise.
std::optional<Language> parse_language(std::string_view text);

}  // namespace haven::domain

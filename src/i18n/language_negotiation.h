// Which language a visitor gets: an explicit choice (the "lang" cookie set by the language
// switch) wins; otherwise the browser's Accept-Language; otherwise English.
#pragma once

#include <string_view>

#include "domain/language.h"

namespace haven::i18n {

// The "lang" cookie's name, shared by the language switch and the error renderer.
inline constexpr std::string_view kLanguageCookie = "lang";

// `cookie` wins when it names one of our languages. Otherwise the Accept-Language entry with
// the highest q-value that we speak (region subtags ignored: "ru-RU" is Russian; "*" means
// English; q=0 means "not this one"; ties keep the header's order). Garbage, an empty or an
// over-long header (only the first kMaxAcceptLanguageBytes are read) never fail: they fall
// back to English. Pure and thread-safe.
domain::Language negotiate_language(std::string_view accept_language, std::string_view cookie);

inline constexpr std::size_t kMaxAcceptLanguageBytes = 1024;

}  // namespace haven::i18n

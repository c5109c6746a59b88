// Named placeholders in translated text ("Error reference: {id}"): translators may move
// them, so they are replaced by name after translation, never by position.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace haven::i18n {

struct Placeholder {
  std::string_view name;   // without braces: "id"
  std::string_view value;  // inserted as is; the caller escapes for HTML
};

// `text` with every "{name}" of `values` replaced. Unknown "{…}" and lone braces stay as
// they are, so a translation with a typo shows the typo rather than losing text.
std::string fill_placeholders(std::string_view text, std::initializer_list<Placeholder> values);

}  // namespace haven::i18n

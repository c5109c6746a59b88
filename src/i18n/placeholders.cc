#include "i18n/placeholders.h"

namespace haven::i18n {

std::string fill_placeholders(std::string_view text, std::initializer_list<Placeholder> values) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    std::string_view name = text.substr(open + 1, close - open - 1);
    bool replaced = false;
    for (auto const& value : values) {
      if (value.name == name) {
        out.append(value.value);
        replaced = true;
        break;
      }
    }
    if (!replaced) out.append(text.substr(open, close - open + 1));
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace haven::i18n

#include "http/media_type.h"

namespace haven::http {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
  }
  return out;
}

// Reads a quoted-string at the start of `text` (which begins with '"'); advances `text`.
std::optional<std::string> read_quoted(std::string_view& text) {
  std::string out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out.push_back(text[++i]);
    } else if (text[i] == '"') {
      text.remove_prefix(i + 1);
      return out;
    } else {
      out.push_back(text[i]);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> MediaType::param(std::string_view name) const {
  for (auto const& [key, value] : params) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<MediaType> parse_media_type(std::string_view text) {
  MediaType result;
  auto semicolon = text.find(';');
  result.value = to_lower(trim(text.substr(0, semicolon)));
  if (result.value.empty()) return std::nullopt;
  text = semicolon == std::string_view::npos ? std::string_view{} : text.substr(semicolon + 1);
  while (!(text = trim(text)).empty()) {
    if (text.front() == ';') {
      text.remove_prefix(1);
      continue;
    }
    auto eq = text.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    auto name = to_lower(trim(text.substr(0, eq)));
    if (name.empty()) return std::nullopt;
    text = trim(text.substr(eq + 1));
    std::string value;
    if (!text.empty() && text.front() == '"') {
      auto quoted = read_quoted(text);
      if (!quoted) return std::nullopt;
      value = std::move(*quoted);
      text = trim(text);
      if (!text.empty() && text.front() != ';') return std::nullopt;
    } else {
      auto end = text.find(';');
      value = std::string(trim(text.substr(0, end)));
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    }
    result.params.emplace_back(std::move(name), std::move(value));
  }
  return result;
}

}  // namespace haven::http

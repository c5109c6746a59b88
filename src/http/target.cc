#include "http/target.h"

#include "core/hex.h"
#include "http/form.h"
#include "http/limits.h"
#include "http/utf8.h"

namespace haven::http {

namespace {

bool is_forbidden_raw(unsigned char c) {
  // Controls, space and the characters that never belong in an origin-form path.
  return c <= 0x20 || c == 0x7f || c == '\\' || c == '#';
}

// Decodes one segment. Decoded '/' would let "..%2f" hide a traversal from the segment
// check, decoded NUL truncates in C APIs, a backslash is a separator on some systems.
Result<std::string> decode_segment(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (is_forbidden_raw(c)) return make_error(ErrorCode::InvalidInput, "forbidden path byte");
    if (c != '%') {
      out.push_back(static_cast<char>(c));
      continue;
    }
    bool complete = i + 2 < raw.size();
    int hi = complete ? hex_digit_value(raw[i + 1]) : -1;
    int lo = complete ? hex_digit_value(raw[i + 2]) : -1;
    if (hi < 0 || lo < 0) return make_error(ErrorCode::InvalidInput, "malformed percent-escape");
    auto decoded = static_cast<unsigned char>(hi << 4 | lo);
    if (decoded == 0 || decoded == '/' || decoded == '\\' || decoded < 0x20 || decoded == 0x7f) {
      return make_error(ErrorCode::InvalidInput, "forbidden encoded path byte");
    }
    out.push_back(static_cast<char>(decoded));
    i += 2;
  }
  if (out == "." || out == "..") return make_error(ErrorCode::InvalidInput, "dot segment");
  return out;
}

Result<std::string> decode_path(std::string_view raw) {
  std::string path;
  path.reserve(raw.size());
  raw.remove_prefix(1);  // the leading '/'
  while (true) {
    auto slash = raw.find('/');
    auto segment = decode_segment(raw.substr(0, slash));
    if (!segment) return std::move(segment).error();
    path += '/';
    path += *segment;
    if (slash == std::string_view::npos) break;
    raw.remove_prefix(slash + 1);
  }
  if (!is_valid_utf8(path)) return make_error(ErrorCode::InvalidInput, "path is not UTF-8");
  return path;
}

Result<std::vector<std::pair<std::string, std::string>>> decode_query(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> query;
  while (!raw.empty()) {
    auto amp = raw.find('&');
    auto pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (pair.empty()) continue;
    if (query.size() >= limits::kMaxFormFields) {
      return make_error(ErrorCode::InvalidInput, "too many query parameters");
    }
    auto eq = pair.find('=');
    auto name = decode_form_component(pair.substr(0, eq));
    auto value = decode_form_component(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value || !is_valid_utf8(*name) || !is_valid_utf8(*value)) {
      return make_error(ErrorCode::InvalidInput, "malformed query string");
    }
    query.emplace_back(std::move(*name), std::move(*value));
  }
  return query;
}

}  // namespace

Result<Target> parse_target(std::string_view target) {
  // Origin-form only: absolute-form, authority-form and "*" have no place at this server.
  if (target.empty() || target.front() != '/') {
    return make_error(ErrorCode::InvalidInput, "request target is not origin-form");
  }
  auto question = target.find('?');
  auto raw_path = target.substr(0, question);
  auto path = decode_path(raw_path);
  if (!path) return std::move(path).error();
  Target result{std::move(*path), {}};
  if (question != std::string_view::npos) {
    auto raw_query = target.substr(question + 1);
    if (raw_query.find('#') != std::string_view::npos) {
      return make_error(ErrorCode::InvalidInput, "fragment in request target");
    }
    auto query = decode_query(raw_query);
    if (!query) return std::move(query).error();
    result.query = std::move(*query);
  }
  return result;
}

}  // namespace haven::http

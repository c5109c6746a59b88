#include "http/form.h"

#include "core/hex.h"
#include "http/limits.h"
#include "http/media_type.h"
#include "http/multipart.h"
#include "http/utf8.h"

namespace haven::http {

namespace {

Result<Form> parse_urlencoded(std::string_view body) {
  Form form;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    if (form.fields.size() >= limits::kMaxFormFields) {
      return make_error(ErrorCode::InvalidInput, "form has too many fields");
    }
    auto eq = pair.find('=');
    auto name = decode_form_component(pair.substr(0, eq));
    auto value = decode_form_component(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value) return make_error(ErrorCode::InvalidInput, "malformed percent-escape");
    if (!is_valid_utf8(*name) || !is_valid_utf8(*value)) {
      return make_error(ErrorCode::InvalidInput, "form field is not valid UTF-8");
    }
    form.fields.emplace_back(std::move(*name), std::move(*value));
  }
  return form;
}

}  // namespace

std::optional<std::string_view> Form::get(std::string_view name) const {
  for (auto const& [key, value] : fields) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> decode_form_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex_digit_value(text[i + 1]);
      int lo = hex_digit_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi << 4 | lo));
      i += 2;
    }
  }
  return out;
}

Result<Form> parse_form(Request const& request) {
  auto header = request.header("Content-Type");
  if (!header) return make_error(ErrorCode::InvalidInput, "form without Content-Type");
  auto type = parse_media_type(*header);
  if (!type) return make_error(ErrorCode::InvalidInput, "malformed Content-Type");
  if (type->value == "application/x-www-form-urlencoded") return parse_urlencoded(request.body);
  if (type->value == "multipart/form-data") {
    auto boundary = type->param("boundary");
    if (!boundary) return make_error(ErrorCode::InvalidInput, "multipart without boundary");
    return parse_multipart(request.body, *boundary);
  }
  return make_error(ErrorCode::InvalidInput, "unsupported form content type");
}

}  // namespace haven::http

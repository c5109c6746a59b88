#include "http/multipart.h"

#include <string>

#include "http/limits.h"
#include "http/media_type.h"
#include "http/utf8.h"

namespace haven::http {

namespace {

struct PartHeaders {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

Error invalid(std::string detail) { return make_error(ErrorCode::InvalidInput, std::move(detail)); }

// RFC 2046 §5.1.1: 1 to 70 characters from bchars, not ending in a space.
bool is_valid_boundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ') return false;
  for (unsigned char c : boundary) {
    bool ok =
        (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
        std::string_view("'()+_,-./:=? ").find(static_cast<char>(c)) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 8187 ext-value: charset'language'pct-encoded. UTF-8 and ISO-8859-1 are accepted.
std::optional<std::string> decode_ext_value(std::string_view text) {
  auto first = text.find('\'');
  auto second = first == std::string_view::npos ? first : text.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  std::string charset(text.substr(0, first));
  for (auto& c : charset) c = static_cast<char>(c | 0x20);
  bool latin1 = charset == "iso-8859-1";
  if (charset != "utf-8" && !latin1) return std::nullopt;
  std::string out;
  for (std::size_t i = second + 1; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<unsigned char>(hi << 4 | lo);
      i += 2;
    }
    if (latin1 && c >= 0x80) {
      out.push_back(static_cast<char>(0xc0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

Result<PartHeaders> apply_disposition(std::string_view value, PartHeaders headers) {
  auto disposition = parse_media_type(value);
  if (!disposition || disposition->value != "form-data") {
    return invalid("multipart part has a malformed Content-Disposition");
  }
  auto name = disposition->param("name");
  if (!name || name->empty()) return invalid("multipart part without a name");
  headers.name = std::string(*name);
  if (auto filename = disposition->param("filename")) headers.filename = std::string(*filename);
  if (auto extended = disposition->param("filename*")) {
    auto decoded = decode_ext_value(*extended);
    if (!decoded) return invalid("multipart part has a malformed filename*");
    headers.filename = std::move(*decoded);  // RFC 6266 §4.3: filename* wins
  }
  return headers;
}

// Parses "Name: value\r\n" lines; `block` excludes the blank line that ends them.
Result<PartHeaders> parse_part_headers(std::string_view block) {
  PartHeaders headers;
  bool has_disposition = false;
  while (!block.empty()) {
    auto end = block.find("\r\n");
    auto line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || line.front() == ' ' ||
        line.front() == '\t') {
      return invalid("multipart part has a malformed header line");
    }
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(c | 0x20);
    auto value = line.substr(colon + 1);
    if (name == "content-disposition") {
      auto applied = apply_disposition(value, std::move(headers));
      if (!applied) return std::move(applied).error();
      headers = std::move(*applied);
      has_disposition = true;
    } else if (name == "content-type") {
      auto type = parse_media_type(value);
      if (!type) return invalid("multipart part has a malformed Content-Type");
      headers.content_type = type->value;
    }
  }
  if (!has_disposition) return invalid("multipart part without Content-Disposition");
  return headers;
}

Result<void> add_part(Form& form, PartHeaders headers, std::string_view content) {
  if (!is_valid_utf8(headers.name)) return invalid("multipart part name is not valid UTF-8");
  if (headers.filename) {
    if (!is_valid_utf8(*headers.filename)) return invalid("multipart filename is not valid UTF-8");
    if (headers.content_type.empty()) headers.content_type = "application/octet-stream";
    form.files.push_back(UploadedFile{std::move(headers.name), std::move(*headers.filename),
                                      std::move(headers.content_type), std::string(content)});
    return {};
  }
  if (!is_valid_utf8(content)) return invalid("multipart field is not valid UTF-8");
  if (form.fields.size() >= limits::kMaxFormFields) return invalid("form has too many fields");
  form.fields.emplace_back(std::move(headers.name), std::string(content));
  return {};
}

}  // namespace

Result<Form> parse_multipart(std::string_view body, std::string_view boundary) {
  if (!is_valid_boundary(boundary)) return invalid("multipart boundary is malformed");
  std::string const delimiter = "--" + std::string(boundary);
  std::string const separator = "\r\n" + delimiter;
  // The first delimiter opens the body or follows a preamble and CRLF.
  std::size_t position = delimiter.size();
  if (!body.starts_with(delimiter)) {
    position = body.find(separator);
    if (position == std::string_view::npos) return invalid("multipart body has no boundary");
    position += separator.size();
  }
  Form form;
  for (std::size_t parts = 0;; ++parts) {
    auto rest = body.substr(position);
    if (rest.starts_with("--")) return form;  // the closing delimiter; the epilogue is ignored
    if (!rest.starts_with("\r\n")) return invalid("multipart delimiter not followed by CRLF");
    if (parts >= limits::kMaxMultipartParts) return invalid("multipart body has too many parts");
    position += 2;
    auto header_end = body.find("\r\n\r\n", position - 2);
    if (header_end == std::string_view::npos || header_end - (position - 2) > kMaxPartHeaderBytes) {
      return invalid("multipart part headers are unterminated or too long");
    }
    auto block =
        header_end < position ? std::string_view{} : body.substr(position, header_end - position);
    auto headers = parse_part_headers(block);
    if (!headers) return std::move(headers).error();
    auto content_start = header_end + 4;
    auto content_end = body.find(separator, content_start);
    if (content_end == std::string_view::npos) {
      return invalid("multipart body has no closing boundary");
    }
    auto added = add_part(form, std::move(*headers),
                          body.substr(content_start, content_end - content_start));
    if (!added) return std::move(added).error();
    position = content_end + separator.size();
  }
}

}  // namespace haven::http

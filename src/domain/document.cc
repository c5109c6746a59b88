#include "domain/document.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "domain/text.h"

namespace haven::domain {

namespace {

struct FormatRow {
  DocumentFormat format;
  // Other extensions people use for it, besides format.extension.
  std::array<std::string_view, 2> also;
};

// The formats counsellors receive: scans and photos of papers (summons, military ID,
// court decisions), letters and forms. Each media type is what libmagic 5.44 reports.
constexpr std::array kFormats = {
    FormatRow{{"application/pdf", "PDF", "pdf"}, {}},
    FormatRow{{"image/jpeg", "JPEG", "jpg"}, {"jpeg", "jpe"}},
    FormatRow{{"image/png", "PNG", "png"}, {}},
    FormatRow{{"image/gif", "GIF", "gif"}, {}},
    FormatRow{{"image/webp", "WebP", "webp"}, {}},
    FormatRow{{"image/heic", "HEIC", "heic"}, {"heif"}},
    FormatRow{{"image/heif", "HEIF", "heif"}, {"heic"}},
    FormatRow{{"text/plain", "TXT", "txt"}, {"text", "log"}},
    FormatRow{{"text/rtf", "RTF", "rtf"}, {}},
    FormatRow{{"application/vnd.oasis.opendocument.text", "ODT", "odt"}, {}},
    FormatRow{{"application/vnd.oasis.opendocument.spreadsheet", "ODS", "ods"}, {}},
    FormatRow{{"application/vnd.oasis.opendocument.presentation", "ODP", "odp"}, {}},
    FormatRow{
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", "docx"},
        {}},
    FormatRow{{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", "xlsx"},
              {}},
    FormatRow{{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX",
               "pptx"},
              {}},
    FormatRow{{"application/msword", "DOC", "doc"}, {}},
    FormatRow{{"application/vnd.ms-excel", "XLS", "xls"}, {}},
    FormatRow{{"application/vnd.ms-powerpoint", "PPT", "ppt"}, {}},
    // What libmagic calls a legacy Office file it cannot place more exactly.
    FormatRow{{"application/vnd.ms-office", "DOC", "doc"}, {"xls", "ppt"}},
};

FormatRow const* find_row(std::string_view media_type) {
  auto row = std::find_if(kFormats.begin(), kFormats.end(),
                          [&](FormatRow const& r) { return r.format.media_type == media_type; });
  return row == kFormats.end() ? nullptr : &*row;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool has_extension_of(std::string_view name, FormatRow const& row) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  auto extension = name.substr(dot + 1);
  if (equals_ignoring_case(extension, row.format.extension)) return true;
  return std::any_of(row.also.begin(), row.also.end(), [&](std::string_view other) {
    return !other.empty() && equals_ignoring_case(extension, other);
  });
}

// Without folder parts, leading dots and spaces, and trailing dots and spaces (Windows drops
// those, which could leave a name without its extension).
std::string_view base_name(std::string_view given) {
  auto slash = given.find_last_of("/\\");
  if (slash != std::string_view::npos) given.remove_prefix(slash + 1);
  while (!given.empty() && (given.front() == '.' || given.front() == ' ')) given.remove_prefix(1);
  while (!given.empty() && (given.back() == '.' || given.back() == ' ')) given.remove_suffix(1);
  return given;
}

}  // namespace

std::optional<DocumentFormat> find_document_format(std::string_view media_type) {
  auto const* row = find_row(media_type);
  if (!row) return std::nullopt;
  return row->format;
}

std::string safe_file_name(std::string_view given, DocumentFormat const& format) {
  auto const* row = find_row(format.media_type);
  // Room for ".extension": the cap holds with it.
  std::size_t room = kMaxSafeFileNameChars - format.extension.size() - 1;
  std::string name = printable_label(base_name(given), kMaxSafeFileNameChars);
  // Dropping characters can expose dots or spaces at either end again.
  name = std::string(base_name(name));
  if (name.empty()) name = "document";
  if (row && has_extension_of(name, *row)) return name;
  name = printable_label(name, room);
  name = std::string(base_name(name));
  if (name.empty()) name = "document";
  return name + "." + std::string(format.extension);
}

std::string ascii_file_name(std::string_view safe) {
  std::string out;
  out.reserve(safe.size());
  std::size_t i = 0;
  while (i < safe.size()) {
    auto byte = static_cast<unsigned char>(safe[i]);
    if (byte >= 0x80) {
      // One '_' per code point: skip its continuation bytes.
      out += '_';
      ++i;
      while (i < safe.size() && (static_cast<unsigned char>(safe[i]) & 0xc0) == 0x80) ++i;
      continue;
    }
    bool plain =
        byte > 0x20 && byte < 0x7f && byte != '"' && byte != '\\' && byte != '%' && byte != ';';
    out += plain || byte == ' ' ? static_cast<char>(byte) : '_';
    ++i;
  }
  return out;
}

}  // namespace haven::domain

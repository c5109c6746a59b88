// Documents attached to a case (issue 4 §3): what a case accepts (a size cap and a list of
// file formats, decided from the content's detected media type, never from the declared one
// or the file name) and the safe form of a file name for showing and downloading.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace haven::domain {

inline constexpr std::size_t kMaxDocumentBytes = 10 * 1024 * 1024;
// A file name is kept as given (sealed) up to this many bytes; longer names are refused.
inline constexpr std::size_t kMaxFileNameBytes = 1024;
// The safe name shown and offered for download: at most this many code points.
inline constexpr std::size_t kMaxSafeFileNameChars = 120;

// A file format a case accepts.
struct DocumentFormat {
  std::string_view media_type;  // as libmagic names it (MAGIC_MIME_TYPE), lower case
  std::string_view label;       // "PDF", "JPEG", "DOCX": names people know, not translated
  std::string_view extension;   // the usual one, without the dot
};

// The accepted format with this detected media type; nullopt for everything else
// (executables, HTML, SVG, scripts, archives, unknown data).
std::optional<DocumentFormat> find_document_format(std::string_view media_type);

// The name to show and download `given` under, for a file of `format`: no folder parts (the
// text after the last / or \), no control or bidi characters (domain::printable_label), no
// leading dots or spaces, at most kMaxSafeFileNameChars code points, the format's extension
// appended when the name does not end in one the format uses (so "notes.html" holding plain
// text downloads as "notes.html.txt"), and "document" when nothing is left.
std::string safe_file_name(std::string_view given, DocumentFormat const& format);

// `safe` (safe_file_name's result) in printable ASCII for an HTTP header's quoted
// `filename=` (RFC 6266): every other character, and " \ % ;, becomes '_'.
std::string ascii_file_name(std::string_view safe);

}  // namespace haven::domain

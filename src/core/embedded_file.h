// A file compiled into the binary by cmake/embed.cmake (templates, CSS, catalogs,
// migrations), so `haven` runs from any directory without installed data files.
#pragma once

#include <span>
#include <string_view>

namespace haven {

struct EmbeddedFile {
  std::string_view name;     // path relative to the embedding's base folder, '/'-separated
  std::string_view content;  // bytes; not NUL-terminated as far as `content.size()` goes
};

}  // namespace haven

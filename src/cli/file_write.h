// Durable, atomic file creation for the data directory: a crash leaves either the old
// file or the complete new one, and secrets are never readable by others, not even briefly.
#pragma once

#include <sys/types.h>
#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace haven::cli {

// Writes `content` to a temporary file created with `mode`, fsyncs it, renames it over
// `path` and fsyncs the directory. Conflict if `exclusive` and `path` exists.
Result<void> write_file_atomically(std::filesystem::path const& path, std::string_view content,
                                   mode_t mode, bool exclusive);

}  // namespace haven::cli

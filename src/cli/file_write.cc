#include "cli/file_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace haven::cli {

namespace {

Error io_error(std::string_view what, std::filesystem::path const& path) {
  int saved = errno;
  auto code =
      (saved == EACCES || saved == EPERM) ? ErrorCode::PermissionDenied : ErrorCode::Unavailable;
  return make_error(code, std::string(what) + " " + path.string() + ": " + std::strerror(saved));
}

Result<void> write_all(int fd, std::string_view content, std::filesystem::path const& path) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("cannot write", path);
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) return io_error("cannot sync", path);
  return {};
}

Result<void> sync_directory(std::filesystem::path const& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open directory", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot sync directory", dir);
  return {};
}

}  // namespace

Result<void> write_file_atomically(std::filesystem::path const& path, std::string_view content,
                                   mode_t mode, bool exclusive) {
  std::error_code ec;
  if (exclusive && std::filesystem::exists(path, ec)) {
    return make_error(ErrorCode::Conflict, path.string() + " already exists");
  }
  auto temp = path;
  temp += ".tmp";
  std::filesystem::remove(temp, ec);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create", temp);
  auto written = write_all(fd, content, temp);
  ::close(fd);
  if (!written) {
    std::filesystem::remove(temp, ec);
    return written;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    auto error = io_error("cannot rename into", path);
    std::filesystem::remove(temp, ec);
    return error;
  }
  return sync_directory(path.parent_path().empty() ? "." : path.parent_path());
}

}  // namespace haven::cli

// A document's type from its content (issue 4 §3), with libmagic: what a file declares (its
// Content-Type, its extension) is never trusted, since a hostile sender writes both.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "core/result.h"

namespace haven::app {

class DocumentTypes {
 public:
  // Loads libmagic's compiled database once (/usr/share/misc/magic.mgc, or the file named
  // by MAGIC in the environment, as libmagic does). Unavailable when it does not load:
  // fail at start-up, not at the first upload.
  static Result<std::unique_ptr<DocumentTypes>> load();
  ~DocumentTypes();
  DocumentTypes(DocumentTypes const&) = delete;
  DocumentTypes& operator=(DocumentTypes const&) = delete;

  // The media type libmagic reads in `content` ("application/pdf", "text/html",
  // "application/x-dosexec", ...), lower case, without parameters. Internal when libmagic
  // fails. Thread-safe: libmagic's handle is not, so calls take turns (a call costs well
  // under a millisecond for the first bytes it looks at).
  Result<std::string> detect(std::span<std::uint8_t const> content) const;

 private:
  explicit DocumentTypes(void* cookie) : cookie_(cookie) {}
  void* cookie_;  // magic_t
  mutable std::mutex mutex_;
};

}  // namespace haven::app

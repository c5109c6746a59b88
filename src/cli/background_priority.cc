#include "cli/background_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace haven::cli {

namespace {

constexpr int kLowestNice = 19;

}  // namespace

Result<void> lower_this_thread_priority() {
  // On Linux the nice value belongs to a thread, named by its tid: PRIO_PROCESS with the
  // tid changes this thread alone, with 0 it would mean the whole process's main thread.
  if (::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kLowestNice) != 0) {
    return make_error(ErrorCode::Unavailable, "setpriority: errno " + std::to_string(errno));
  }
  return {};
}

}  // namespace haven::cli

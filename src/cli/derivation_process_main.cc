#include "cli/derivation_process_main.h"

#include <unistd.h>

#include "cli/background_priority.h"
#include "cli/exit_code.h"
#include "core/log.h"
#include "vault/derivation_process.h"

namespace haven::cli {

int run_derivation_process() {
  // The server's listening socket, database and log files stay with the server.
  ::close_range(vault::kDerivationProcessFd + 1, ~0U, 0);
  if (auto lowered = lower_this_thread_priority(); !lowered) {
    // Still correct, only without the yielding; the server's own threads are unaffected.
    log::warn("derivation_process_priority_unchanged", {{"detail", lowered.error().detail}});
  }
  int served = vault::serve_derivation_requests(vault::kDerivationProcessFd);
  return served == 0 ? kExitOk : exit_code_for(ErrorCode::Unavailable);
}

}  // namespace haven::cli

// Scheduling priority for threads of CPU-heavy work (Argon2id) that share the cores with the
// HTTP I/O threads: at nice 19 a derivation gets about 1/70 of the CPU an I/O thread that
// wants it gets, so a flood of sign-ins does not slow pages down. Not SCHED_IDLE: that
// starved sign-ins entirely whenever other normal work kept the host busy
// (bench/README.md, `run-sign-in`).
#pragma once

#include "core/result.h"

namespace haven::cli {

// Lowers the calling thread only (not the process) to nice 19. Cannot be undone without
// privileges. Unavailable when the kernel refuses (the thread is left as it was).
Result<void> lower_this_thread_priority();

// A core::WorkerPool::ThreadStart hook: lower_this_thread_priority, with a warning in the log
// when it fails (the work still runs, only at normal priority).
void lower_worker_priority();

}  // namespace haven::cli

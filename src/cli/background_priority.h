// Scheduling priority for CPU-heavy work (Argon2id) that shares the cores with the HTTP I/O
// threads: at nice 19 a derivation gets about 1/70 of the CPU an I/O thread that wants it
// gets, so a flood of sign-ins does not slow pages down. Not SCHED_IDLE: that starved
// sign-ins entirely whenever other normal work kept the host busy (bench/README.md,
// `run-sign-in`).
#pragma once

#include "core/result.h"

namespace haven::cli {

// Lowers the calling thread only (not the process) to nice 19; in a single-threaded process,
// such as the password derivation child, that is the whole process. Cannot be undone
// without privileges. Unavailable when the kernel refuses (the thread is left as it was).
Result<void> lower_this_thread_priority();

}  // namespace haven::cli

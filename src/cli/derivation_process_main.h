// The child `haven serve` spawns for Argon2id (vault/derivation_process.h). Not a command an
// operator runs: cli/run.cc dispatches on vault::kDerivationProcessArgument before parsing.
#pragma once

namespace haven::cli {

// Closes every inherited descriptor but the socket, lowers this (single-threaded) process to
// nice 19 and answers derivation requests until the server closes the socket. Returns the
// process's exit code.
int run_derivation_process();

}  // namespace haven::cli

// Entry point of the `haven` command line: parses arguments with CLI11 and dispatches to the
// subcommands of the command table (commands.cc). Returns the process exit code.
#pragma once

namespace haven::cli {

int run(int argc, char** argv);

}  // namespace haven::cli

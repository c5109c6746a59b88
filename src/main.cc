// The haven binary: everything is in cli/, the composition root.
#include "cli/run.h"

int main(int argc, char** argv) { return haven::cli::run(argc, argv); }

#include "cli/main_command.h"

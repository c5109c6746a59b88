// Fixture: core includes only the standard library.
#include <string>
#include <variant>

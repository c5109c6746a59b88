#include "cli/password_params.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace haven::cli {

vault::PasswordParams password_params() {
#ifndef HAVEN_TEST_HOOKS
  return vault::PasswordParams::production();
#endif
  char const* weak = std::getenv(kWeakArgon2Variable);
  if (weak != nullptr && std::string_view(weak) == "1") {
    std::fprintf(stderr,
                 "haven: warning: %s=1: weak test-only Argon2id parameters, never use in "
                 "production\n",
                 kWeakArgon2Variable);
    return vault::PasswordParams::for_tests();
  }
  return vault::PasswordParams::production();
}

}  // namespace haven::cli

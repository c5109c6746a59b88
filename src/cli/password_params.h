// The Argon2id cost the console's account commands (`haven user add`, `haven init --demo`)
// hash new passwords with, and the one test hook that may lower it.
#pragma once

#include "vault/password_kek.h"

namespace haven::cli {

// Test-only: set to 1, Argon2id runs with PasswordParams::for_tests() so the binary tests
// do not spend 64 MiB and a second per account. Read nowhere else; warns every time.
inline constexpr char kWeakArgon2Variable[] = "HAVEN_TEST_WEAK_ARGON2";

// PasswordParams::production(), except in a binary built with HAVEN_TEST_HOOKS (the
// sanitizer test build of `make test`) when kWeakArgon2Variable is "1": then for_tests(),
// with a warning on stderr on every call. A release binary never reads the variable, so a
// stray environment variable on a real server cannot weaken stored passwords.
vault::PasswordParams password_params();

}  // namespace haven::cli

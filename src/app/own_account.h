// What a signed-in staff member does to their own account (issue 3): change the password
// (the same keypair re-wrapped under a new KEK, every other session ended) and replace the
// recovery codes. The password change runs Argon2id twice: the web calls its asynchronous
// form, which runs on the password hasher's pool shared with sign-in.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "app/ports/store.h"
#include "app/session_service.h"
#include "core/clock.h"
#include "core/result.h"
#include "vault/password_hasher.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::app {

class OwnAccount {
 public:
  // The references must outlive the service. Thread-safe as the store is.
  // `hasher` must be destroyed before the service (it runs what it accepted first).
  OwnAccount(Store& store, Clock const& clock, AuditLog const& audit,
             vault::SecretBytes const& handle_pepper, vault::PasswordHasher& hasher,
             vault::PasswordParams password_params)
      : store_(store),
        clock_(clock),
        audit_(audit),
        pepper_(handle_pepper),
        hasher_(hasher),
        params_(password_params) {}

  // Checks `current` (PermissionDenied when wrong: the same answer as a wrong sign-in) and
  // `replacement` (check_new_password: InvalidInput), re-wraps the user key under the new
  // password's KEK with the current parameters, ends every other session of the user and
  // audits password_changed. Organisation key grants stay valid: the keypair is unchanged.
  // Returns how many other sessions ended. Runs Argon2id twice on the calling thread.
  Result<std::size_t> change_password(SignedInStaff const& staff, vault::SecretBytes current,
                                      vault::SecretBytes replacement);

  using PasswordChanged = std::function<void(Result<std::size_t>)>;
  // change_password on the hasher's pool. `done` is called exactly once: on a hasher thread
  // with change_password's result, or on this thread with RateLimited when the hasher's
  // queue is full (Unavailable when it is shutting down); the passwords are wiped then too.
  // `done` must not throw.
  void change_password_async(SignedInStaff staff, vault::SecretBytes current,
                             vault::SecretBytes replacement, PasswordChanged done);

  // Ten new recovery codes replacing all old ones (used or not); shown once. Audited.
  Result<std::vector<std::string>> renew_recovery_codes(SignedInStaff const& staff);

  // How many unused recovery codes the user has left.
  Result<int> unused_recovery_codes(SignedInStaff const& staff);

 private:
  Store& store_;
  Clock const& clock_;
  AuditLog const& audit_;
  vault::SecretBytes const& pepper_;
  vault::PasswordHasher& hasher_;
  vault::PasswordParams params_;
};

}  // namespace haven::app

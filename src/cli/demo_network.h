// `haven init --demo`: the demo network of Connection e.V.'s "More than a European network"
// (2022), five fictional organisations marked "(Demo)" with their staff, created through the
// use cases so that a first `make run` has accounts to sign in with.
#pragma once

#include <string_view>
#include <vector>

#include "app/ports/store.h"
#include "cli/instance.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/organisation.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::cli {

// One staff account of the demo network with its one-time credentials.
struct DemoAccount {
  domain::OrgId org;
  std::string_view role;           // "coordinator", "counsellor"
  std::string_view email;          // @<city>.demo.invalid: the .invalid TLD is never mailed
  vault::SecretBytes password;     // 80 random bits; shown once, never stored (derives the KEK)
  vault::SecretBytes totp_secret;  // 20 bytes; shown once, stored sealed to the user's key
  bool holds_org_key = false;      // the first member of each organisation does
};

struct DemoNetwork {
  std::vector<domain::Organisation> organisations;  // in the order of the table
  std::vector<DemoAccount> accounts;                // likewise
};

// Creates the demo organisations (app::OrganisationService::add) and their staff
// (app::StaffService::add_member) as app::Actor::system(); each step commits on its own with
// its audit entries, so the first error stops the seeding and leaves what was created before
// (the caller must say the network is incomplete). The error's detail names the step, never
// a password. Conflict when a demo organisation already exists. `params` hash the passwords
// (password_params()). `store`, `clock`, `random` and `secrets` are only used during the call.
Result<DemoNetwork> seed_demo_network(app::Store& store, Clock const& clock, Random& random,
                                      InstanceSecrets const& secrets, vault::PasswordParams params);

// Writes the accounts to stdout, one table per organisation (role, email, password, TOTP
// secret in base32), then each account's otpauth:// URI, under the warning that nothing of
// it is stored in plaintext. The one place the credentials leave memory; never logged.
void print_demo_credentials(DemoNetwork const& network);

}  // namespace haven::cli

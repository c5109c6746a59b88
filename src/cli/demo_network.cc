#include "cli/demo_network.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "app/audit_log.h"
#include "app/organisation_service.h"
#include "app/policy.h"
#include "app/staff_service.h"
#include "domain/language.h"
#include "vault/base32.h"
#include "vault/totp.h"

namespace haven::cli {

namespace {

using domain::Language;
using domain::OrganisationKind;

struct DemoOrganisationRow {
  std::string_view key;  // what kDemoAccounts refer to it by
  std::string_view name;
  OrganisationKind kind;
  std::string_view country;
  std::string_view city;
  std::string_view languages;  // only languages domain::Language has (no Belarusian yet)
};

struct DemoAccountRow {
  std::string_view organisation;  // DemoOrganisationRow::key
  std::string_view role;
  std::string_view email;
  Language language;
};

// The network of the seed text, each organisation a fictional stand-in for the kind of
// group it describes.
constexpr DemoOrganisationRow kDemoOrganisations[] = {
    // The network office that runs the counselling hotline in Russian, English and German.
    {"offenbach", "Netzwerkbüro Offenbach (Demo)", OrganisationKind::MemberOrganisation, "DE",
     "Offenbach am Main", "ru,en,de"},
    // A Russian objectors' movement in exile, counselling online.
    {"riga", "Objectors' Movement in Exile, Riga (Demo)", OrganisationKind::MemberOrganisation,
     "LV", "Riga", "ru,en"},
    // A Belarusian human-rights organisation that has to work from Lithuania.
    {"vilnius", "Belarusian Refusers' Rights House, Vilnius (Demo)",
     OrganisationKind::MemberOrganisation, "LT", "Vilnius", "ru,en"},
    // A contact point for Russian and Belarusian objectors and deserters in Georgia.
    {"tbilisi", "Contact Point Tbilisi (Demo)", OrganisationKind::ContactPoint, "GE", "Tbilisi",
     "ru,en"},
    // A pacifist movement supporting objectors in Ukraine.
    {"kyiv", "Київська пацифістська ініціатива (Demo)", OrganisationKind::MemberOrganisation, "UA",
     "Kyiv", "uk,ru,en"},
};

// The first account of each organisation becomes the holder of its key: the coordinator.
constexpr DemoAccountRow kDemoAccounts[] = {
    {"offenbach", "coordinator", "coordinator@offenbach.demo.invalid", Language::De},
    {"offenbach", "counsellor", "counsellor1@offenbach.demo.invalid", Language::Ru},
    {"offenbach", "counsellor", "counsellor2@offenbach.demo.invalid", Language::En},
    {"riga", "coordinator", "coordinator@riga.demo.invalid", Language::Ru},
    {"riga", "counsellor", "counsellor1@riga.demo.invalid", Language::Ru},
    {"riga", "counsellor", "counsellor2@riga.demo.invalid", Language::En},
    {"vilnius", "coordinator", "coordinator@vilnius.demo.invalid", Language::Ru},
    {"vilnius", "counsellor", "counsellor1@vilnius.demo.invalid", Language::Ru},
    {"vilnius", "counsellor", "counsellor2@vilnius.demo.invalid", Language::En},
    {"tbilisi", "coordinator", "coordinator@tbilisi.demo.invalid", Language::En},
    {"tbilisi", "counsellor", "counsellor@tbilisi.demo.invalid", Language::Ru},
    {"kyiv", "coordinator", "coordinator@kyiv.demo.invalid", Language::Uk},
    {"kyiv", "counsellor", "counsellor1@kyiv.demo.invalid", Language::Uk},
    {"kyiv", "counsellor", "counsellor2@kyiv.demo.invalid", Language::Ru},
};

// Random bytes behind a password: 80 bits, 16 base32 characters.
constexpr std::size_t kPasswordBytes = 10;

// The detail of `error` prefixed with the step that failed.
Error at_step(std::string const& step, Error error) {
  return Error{error.code, "demo network: " + step + ": " + error.detail};
}

// 16 base32 characters (A-Z, 2-7: no 0/O or 1/I to misread) in groups of four with '-',
// "K7QJ-3ZL2-MXW4-PD6A", from the OS CSPRNG. The plain-string copy is wiped at once.
vault::SecretBytes generate_password() {
  auto bytes = vault::SecretBytes::random(kPasswordBytes);
  std::string text = vault::encode_base32(bytes.span());
  vault::SecretBytes grouped(text.size() + text.size() / 4 - 1);
  std::size_t at = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && i % 4 == 0) grouped.data()[at++] = '-';
    grouped.data()[at++] = static_cast<std::uint8_t>(text[i]);
  }
  vault::wipe_bytes({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  return grouped;
}

Result<domain::Organisation> add_organisation(app::OrganisationService& service,
                                              DemoOrganisationRow const& row) {
  std::string step = "adding " + std::string(row.name);
  auto languages = domain::parse_languages(row.languages);
  if (!languages) return at_step(step, std::move(languages).error());
  auto added = service.add(app::Actor::system(),
                           domain::OrganisationDetails{.name = std::string(row.name),
                                                       .country = std::string(row.country),
                                                       .city = std::string(row.city),
                                                       .languages = std::move(languages).value(),
                                                       .kind = row.kind});
  if (!added) return at_step(step, std::move(added).error());
  return added;
}

Result<DemoAccount> add_account(app::StaffService& service, domain::Organisation const& org,
                                DemoAccountRow const& row) {
  auto password = generate_password();
  auto added = service.add_member(
      app::Actor::system(),
      app::NewStaffMember{.org = org.id,
                          .role = std::string(row.role),
                          .email = std::string(row.email),
                          .password = vault::SecretBytes::copy_of(password.span()),
                          .language = row.language});
  if (!added) {
    return at_step("adding a " + std::string(row.role) + " to " + org.details.name,
                   std::move(added).error());
  }
  return DemoAccount{.org = org.id,
                     .role = row.role,
                     .email = row.email,
                     .password = std::move(password),
                     .totp_secret = std::move(added->totp_secret),
                     .holds_org_key = added->org_key == app::OrgKeyStatus::Granted};
}

void print_secret(vault::SecretBytes const& secret) {
  std::fwrite(secret.data(), 1, secret.size(), stdout);
}

// Prints `text` and wipes it: it holds a secret the caller no longer needs.
void print_and_wipe(std::string& text) {
  std::fputs(text.c_str(), stdout);
  vault::wipe_bytes({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
}

void print_organisation_table(domain::Organisation const& org,
                              std::vector<DemoAccount> const& accounts) {
  auto const& d = org.details;
  std::printf("\n%s: %s in %s, %s; %s\n", d.name.c_str(),
              std::string(domain::to_string(d.kind)).c_str(), d.city.c_str(), d.country.c_str(),
              domain::join_languages(d.languages).c_str());
  std::printf("  %-11s  %-36s  %-19s  %s\n", "ROLE", "EMAIL", "PASSWORD", "TOTP SECRET");
  for (auto const& account : accounts) {
    if (account.org != org.id) continue;
    std::printf("  %-11s  %-36s  ", std::string(account.role).c_str(),
                std::string(account.email).c_str());
    print_secret(account.password);
    std::string secret = vault::encode_base32(account.totp_secret.span());
    std::fputs("  ", stdout);
    print_and_wipe(secret);
    std::fputs(account.holds_org_key ? "  (holds the organisation key)\n" : "\n", stdout);
  }
}

}  // namespace

Result<DemoNetwork> seed_demo_network(app::Store& store, Clock const& clock, Random& random,
                                      InstanceSecrets const& secrets,
                                      vault::PasswordParams params) {
  app::AuditLog audit(clock, secrets.audit_key);
  app::OrganisationService organisations(store, clock, random, audit);
  app::StaffService staff(store, clock, random, audit, secrets.handle_pepper, params);
  DemoNetwork network;
  for (auto const& row : kDemoOrganisations) {
    auto org = add_organisation(organisations, row);
    if (!org) return std::move(org).error();
    for (auto const& account_row : kDemoAccounts) {
      if (account_row.organisation != row.key) continue;
      auto account = add_account(staff, *org, account_row);
      if (!account) return std::move(account).error();
      network.accounts.push_back(std::move(account).value());
    }
    network.organisations.push_back(std::move(org).value());
  }
  return network;
}

void print_demo_credentials(DemoNetwork const& network) {
  std::printf(
      "\nDemo network: %zu fictional organisations, %zu staff accounts.\n"
      "Write these down: they are not stored anywhere in plaintext and are shown only now.\n"
      "Sign in with email and password, then a code from an authenticator app set up with\n"
      "the TOTP secret (or the otpauth:// URI below). Counsellors get their organisation's\n"
      "key once their coordinator grants it from a signed-in session.\n",
      network.organisations.size(), network.accounts.size());
  for (auto const& org : network.organisations) print_organisation_table(org, network.accounts);
  std::printf("\nTOTP URIs (for an authenticator app; a QR code of one works too):\n");
  for (auto const& account : network.accounts) {
    std::printf("  %-36s  ", std::string(account.email).c_str());
    std::string uri = vault::totp_uri(account.email, account.totp_secret);
    print_and_wipe(uri);
    std::fputs("\n", stdout);
  }
  std::fflush(stdout);
}

}  // namespace haven::cli

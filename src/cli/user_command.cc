// `haven user add|list|disable|invite|reset`: the operator at the console creates staff
// accounts, lists an organisation's members, disables accounts and issues one-time account
// links (invitation, password reset), as app::Actor::system(). The rules, the keys and the
// audit entries live in app::StaffService and app::AccountLinks; this file reads options and
// the password, and prints the one-time TOTP enrolment or link.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "app/account_links.h"
#include "app/audit_log.h"
#include "app/policy.h"
#include "app/staff_service.h"
#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/instance.h"
#include "cli/instance_store.h"
#include "cli/logging.h"
#include "cli/password_params.h"
#include "core/clock.h"
#include "core/utc_time.h"
#include "domain/language.h"
#include "vault/base32.h"
#include "vault/password_hasher.h"
#include "vault/system_random.h"
#include "vault/totp.h"

namespace haven::cli {

namespace {

struct UserOptions {
  std::string data_dir;
  std::string org;
  std::string role;
  std::string email;
  std::string language;
  std::string user;
  bool password_stdin = false;
};

// One line from stdin, byte by byte with read(2) so no stdio buffer keeps a copy of the
// password; the line lands in guarded memory. InvalidInput over kMaxPasswordBytes.
Result<vault::SecretBytes> read_password_line() {
  vault::SecretBytes buffer(app::kMaxPasswordBytes + 1);
  std::size_t length = 0;
  unsigned char c = 0;
  while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
    if (length == buffer.size()) {
      while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
      }
      return make_error(ErrorCode::InvalidInput, "the password is longer than 1024 bytes");
    }
    buffer.data()[length++] = c;
  }
  c = 0;
  if (length > 0 && buffer.data()[length - 1] == '\r') --length;
  return vault::SecretBytes::copy_of(buffer.span().first(length));
}

// Runs `work` with the instance's store and a StaffService over it. `params` matter only
// to `add` (list and disable derive no KEK).
template <class Work>
int with_service(std::string const& data_dir, vault::PasswordParams params, Work work) {
  auto opened = open_instance(data_dir);
  if (!opened) return report_failure(opened.error());
  auto& o = **opened;
  app::AuditLog audit(o.clock, o.instance.secrets.audit_key);
  app::StaffService service(*o.store, o.clock, o.random, audit, o.instance.secrets.handle_pepper,
                            params);
  return work(service);
}

Result<domain::OrgId> parse_org(std::string const& text) {
  auto id = domain::OrgId::parse(text);
  if (!id) return make_error(ErrorCode::InvalidInput, "--org must be an organisation id");
  return *id;
}

// Runs `work` with the instance's store and an AccountLinks over it. Issuing a link derives
// no key, so its hasher is the smallest there is.
template <class Work>
int with_links(std::string const& data_dir, Work work) {
  auto opened = open_instance(data_dir);
  if (!opened) return report_failure(opened.error());
  auto& o = **opened;
  app::AuditLog audit(o.clock, o.instance.secrets.audit_key);
  vault::PasswordHasher hasher(1, 1);
  app::AccountLinks links(*o.store, o.clock, o.random, audit, o.instance.secrets.handle_pepper,
                          hasher, password_params());
  return work(links);
}

// The path only: the operator puts it after the address people reach this instance at.
int print_link(std::string_view prefix, app::IssuedLink const& link) {
  std::printf("Link: %.*s%s\n", static_cast<int>(prefix.size()), prefix.data(),
              app::account_link_text(link.id, link.secret).c_str());
  std::printf("Expires: %s\n", format_utc_minute(link.expires_at).c_str());
  std::printf("The link works once and will not be shown again: pass it on privately.\n");
  return kExitOk;
}

int invite_user(UserOptions const& options) {
  auto org = parse_org(options.org);
  if (!org) return report_failure(org.error());
  auto language = domain::parse_language(options.language);
  if (!language) return report_failure(make_error(ErrorCode::InvalidInput, "unknown --language"));
  return with_links(options.data_dir, [&](app::AccountLinks& links) {
    auto issued = links.invite(app::Actor::system(), *org, options.email, options.role, *language);
    if (!issued) return report_failure(issued.error());
    return print_link("/welcome/", *issued);
  });
}

int reset_user(UserOptions const& options) {
  auto user = domain::UserId::parse(options.user);
  if (!user) {
    return report_failure(make_error(ErrorCode::InvalidInput, "--user must be a user id"));
  }
  return with_links(options.data_dir, [&](app::AccountLinks& links) {
    auto issued = links.issue_reset(app::Actor::system(), *user);
    if (!issued) return report_failure(issued.error());
    return print_link("/reset/", *issued);
  });
}

int add_user(UserOptions const& options) {
  auto org = parse_org(options.org);
  if (!org) return report_failure(org.error());
  auto language = domain::parse_language(options.language);
  if (!language) return report_failure(make_error(ErrorCode::InvalidInput, "unknown --language"));
  if (!options.password_stdin) {
    // Never from the command line: arguments show up in ps and shell history.
    return report_failure(
        make_error(ErrorCode::InvalidInput, "pass the password on stdin with --password-stdin"));
  }
  auto password = read_password_line();
  if (!password) return report_failure(password.error());
  app::NewStaffMember member{.org = *org,
                             .role = options.role,
                             .email = options.email,
                             .password = std::move(password).value(),
                             .language = *language};
  return with_service(options.data_dir, password_params(), [&](app::StaffService& service) {
    auto added = service.add_member(app::Actor::system(), std::move(member));
    if (!added) return report_failure(added.error());
    std::printf("Added user %s\n", added->id.str().c_str());
    if (added->org_key == app::OrgKeyStatus::Granted) {
      std::printf("Organisation keys created; this user holds the organisation key.\n");
    } else {
      std::printf("Organisation key pending: a coordinator grants it from a signed-in session.\n");
    }
    std::printf("TOTP secret: %s\n", vault::encode_base32(added->totp_secret.span()).c_str());
    std::printf("TOTP URI: %s\n", vault::totp_uri(added->id.str(), added->totp_secret).c_str());
    std::printf("The TOTP secret will not be shown again.\n");
    return kExitOk;
  });
}

int list_users(UserOptions const& options) {
  auto org = parse_org(options.org);
  if (!org) return report_failure(org.error());
  return with_service(
      options.data_dir, vault::PasswordParams::production(), [&](app::StaffService& service) {
        auto listed = service.list_members(app::Actor::system(), *org);
        if (!listed) return report_failure(listed.error());
        std::printf("%-32s  %-11s  %-8s  %s\n", "ID", "ROLE", "STATE", "ORG KEY");
        for (auto const& row : *listed) {
          std::printf("%-32s  %-11s  %-8s  %s\n", row.id.str().c_str(),
                      std::string(domain::to_string(row.role)).c_str(),
                      row.state == domain::AccountState::Active ? "active" : "disabled",
                      row.org_key == app::OrgKeyStatus::Granted ? "granted" : "pending");
        }
        return kExitOk;
      });
}

int disable_user(UserOptions const& options) {
  auto user = domain::UserId::parse(options.user);
  if (!user) {
    return report_failure(make_error(ErrorCode::InvalidInput, "--user must be a user id"));
  }
  return with_service(options.data_dir, vault::PasswordParams::production(),
                      [&](app::StaffService& service) {
                        auto done = service.disable(app::Actor::system(), *user);
                        if (!done) return report_failure(done.error());
                        std::printf("Disabled user %s\n", user->str().c_str());
                        return kExitOk;
                      });
}

}  // namespace

Action configure_user(CLI::App& app) {
  auto options = std::make_shared<UserOptions>();
  app.require_subcommand(1);
  auto* add = app.add_subcommand(
      "add", "Create a staff account in an organisation; prints its TOTP secret once");
  add_data_option(*add, options->data_dir);
  add->add_option("--org", options->org, "Organisation id")->required()->type_name("ORG_ID");
  add->add_option("--role", options->role, "coordinator, counsellor, editor, finance or viewer")
      ->required()
      ->type_name("ROLE");
  add->add_option("--email", options->email, "Sign-in address (stored hashed and encrypted)")
      ->required()
      ->type_name("EMAIL");
  add->add_flag("--password-stdin", options->password_stdin,
                "Read the password (12-1024 bytes of UTF-8, at least 12 characters) as one "
                "line from stdin");
  add->add_option("--language", options->language, "Preferred language: en, ru, uk or de")
      ->default_val("en")
      ->type_name("LANG");
  auto* list = app.add_subcommand(
      "list",
      "List an organisation's members: id, role, state, org key. Emails are encrypted to the "
      "organisation's key, so the console cannot show them");
  add_data_option(*list, options->data_dir);
  list->add_option("--org", options->org, "Organisation id")->required()->type_name("ORG_ID");
  auto* disable = app.add_subcommand("disable", "Disable a staff account (no more sign-in)");
  add_data_option(*disable, options->data_dir);
  disable->add_option("--user", options->user, "User id")->required()->type_name("USER_ID");
  auto* invite = app.add_subcommand(
      "invite",
      "Invite someone to an organisation: prints a one-time link (/welcome/…, 72 h) once");
  add_data_option(*invite, options->data_dir);
  invite->add_option("--org", options->org, "Organisation id")->required()->type_name("ORG_ID");
  invite->add_option("--role", options->role, "coordinator, counsellor, editor, finance or viewer")
      ->required()
      ->type_name("ROLE");
  invite->add_option("--email", options->email, "Sign-in address (stored hashed and encrypted)")
      ->required()
      ->type_name("EMAIL");
  invite
      ->add_option("--language", options->language, "Language of the link's page: en, ru, uk or de")
      ->default_val("en")
      ->type_name("LANG");
  auto* reset = app.add_subcommand(
      "reset",
      "A password reset link (/reset/…, 24 h) for a user, printed once. Following it makes new "
      "keys: nothing the account could read is readable until a coordinator grants access again");
  add_data_option(*reset, options->data_dir);
  reset->add_option("--user", options->user, "User id")->required()->type_name("USER_ID");
  return [options, add, list, disable, invite, reset] {
    if (add->parsed()) return add_user(*options);
    if (list->parsed()) return list_users(*options);
    if (disable->parsed()) return disable_user(*options);
    if (invite->parsed()) return invite_user(*options);
    if (reset->parsed()) return reset_user(*options);
    return kExitUsage;
  };
}

}  // namespace haven::cli

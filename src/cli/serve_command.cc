// `haven serve --data DIR [--listen ADDR:PORT]`: wires the concrete adapters (store, vault,
// catalog, site) into the HTTP server and runs until SIGINT or SIGTERM.
#include <sys/resource.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "app/account_links.h"
#include "app/audit_log.h"
#include "app/audit_reader.h"
#include "app/case_deadlines.h"
#include "app/case_documents.h"
#include "app/case_people.h"
#include "app/case_service.h"
#include "app/client_throttle.h"
#include "app/document_types.h"
#include "app/health_check.h"
#include "app/hotline_calls.h"
#include "app/key_grants.h"
#include "app/organisation_service.h"
#include "app/own_account.h"
#include "app/session_service.h"
#include "app/sign_in.h"
#include "app/staff_service.h"
#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/instance.h"
#include "cli/instance_store.h"
#include "cli/logging.h"
#include "cli/password_params.h"
#include "core/clock.h"
#include "http/server.h"
#include "vault/derivation_process.h"
#include "vault/password_hasher.h"
#include "vault/secret_bytes.h"
#include "vault/system_random.h"
#include "vault/token_mac.h"
#include "web/site.h"

namespace haven::cli {

namespace {

// Sign-ins run Argon2id on threads of their own, never on the HTTP I/O threads (DESIGN.md
// §3). Each running derivation holds the password parameters' memory (64 MiB at production
// cost), so two workers cap sign-in memory at 128 MiB; 32 waiting attempts are a few
// seconds of work, enough for a shift change, and past that a sign-in storm is answered
// 429 at once instead of queueing up.
constexpr std::size_t kPasswordWorkers = 2;
constexpr std::size_t kPasswordQueue = 32;

// The per-client sign-in throttle's key for a peer address: a keyed hash under a key made
// fresh at every start, so nothing in memory names an address and a restart forgets all.
// Loopback peers get no key: behind a reverse proxy or a Tor onion service on this host
// every visitor arrives from 127.0.0.1, and one shared key would let anyone lock every
// member out with twenty wrong passwords a minute (the per-account throttle still holds).
std::string client_key_for(vault::TokenMac const& mac, std::string_view peer_address) {
  bool loopback = peer_address.starts_with("127.") || peer_address == "::1" ||
                  peer_address.starts_with("::ffff:127.");
  return loopback ? std::string() : mac.sign("sign-in client", peer_address);
}

struct ServeOptions {
  std::string data_dir;
  std::string listen;  // empty: from haven.toml
};

// Idle keep-alive connections each hold a descriptor; the soft limit is often 1024.
void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int serve(ServeOptions const& options) {
  if (auto ready = vault::initialise(); !ready) return report_failure(ready.error());
  // Arguments first: a typo in --listen is a usage error whatever the data directory holds.
  std::optional<ListenAddress> listen;
  if (!options.listen.empty()) {
    auto parsed = parse_listen_address(options.listen);
    if (!parsed) return report_failure(parsed.error());
    listen = *parsed;
  }
  auto instance = load_instance(options.data_dir, database_url_from_environment());
  if (!instance) return report_failure(instance.error());
  if (listen) instance->config.listen = *listen;
  install_log_sink(instance->config.log_level);
  raise_descriptor_limit();

  SystemClock clock;
  vault::SystemRandom random;
  auto store = open_instance_store(*instance, clock, random);
  if (!store) return report_failure(store.error());
  app::HealthCheck health(**store);
  if (auto healthy = health.check(); !healthy) return report_failure(healthy.error());

  auto csrf_mac = vault::TokenMac::create(instance->secrets.csrf_key.span());
  if (!csrf_mac) return report_failure(csrf_mac.error());
  http::Metrics metrics;
  // Keys the per-client sign-in throttle (client_key_for); never written anywhere.
  auto client_mac =
      vault::TokenMac::create(vault::SecretBytes::random(vault::TokenMac::kKeyBytes).span());
  if (!client_mac) return report_failure(client_mac.error());
  // libmagic's database, loaded once: a missing one stops start-up, not the first upload.
  auto document_types = app::DocumentTypes::load();
  if (!document_types) return report_failure(document_types.error());

  // Argon2id runs in child processes of this same binary, one per derivation thread, so
  // its memory work never stalls a request on this process's mmap lock
  // (vault/derivation_process.h). /proc/self/exe: still this binary after an upgrade
  // replaced the file on disk.
  auto derivations = vault::DerivationProcesses::start("/proc/self/exe", kPasswordWorkers);
  if (!derivations) return report_failure(derivations.error());
  // Staff sign-in. The hasher calls back into the sign-in service (and through it the
  // site's handlers), so it is reset by hand below: after the server, before the rest.
  auto hasher = std::make_unique<vault::PasswordHasher>(
      kPasswordWorkers, kPasswordQueue,
      [&children = **derivations](vault::SecretBytes const& password,
                                  vault::PasswordSalt const& salt,
                                  vault::PasswordParams const& params) {
        return children.derive_kek(password, salt, params);
      });
  app::AuditLog audit(clock, instance->secrets.audit_key);
  app::ClientThrottle client_throttle(app::kFailuresPerClientWindow, app::kFailureWindow);
  app::SignInService sign_in(**store, clock, random, audit, instance->secrets.handle_pepper,
                             *hasher, password_params(), client_throttle);
  app::SessionService sessions(**store, clock, audit);
  app::OrganisationService organisations(**store, clock, random, audit);
  app::AccountLinks account_links(**store, clock, random, audit, instance->secrets.handle_pepper,
                                  *hasher, password_params());
  app::StaffService staff(**store, clock, random, audit, instance->secrets.handle_pepper,
                          password_params());
  app::KeyGrants key_grants(**store, clock, audit);
  app::OwnAccount own_account(**store, clock, audit, instance->secrets.handle_pepper, *hasher,
                              password_params());
  app::AuditReader audit_reader(**store, audit);
  app::CaseService cases(**store, clock, random, audit);
  app::CasePeople case_people(**store, clock, audit, instance->secrets.handle_pepper);
  app::CaseDeadlines deadlines(**store, clock, random, audit);
  app::CaseDocuments documents(**store, clock, random, audit, **document_types);
  app::HotlineCalls hotline(**store, clock, random, audit, cases, case_people, deadlines);

  web::SiteConfig site_config;
  site_config.check_health = [&health] { return health.check(); };
  site_config.metrics = &metrics;
  site_config.metrics_token = instance->secrets.metrics_token;
  site_config.secure_transport = instance->config.secure_transport;
  site_config.sign_in = &sign_in;
  site_config.sessions = &sessions;
  site_config.organisations = &organisations;
  site_config.account_links = &account_links;
  site_config.staff = &staff;
  site_config.key_grants = &key_grants;
  site_config.own_account = &own_account;
  site_config.audit_reader = &audit_reader;
  site_config.cases = &cases;
  site_config.case_people = &case_people;
  site_config.deadlines = &deadlines;
  site_config.documents = &documents;
  site_config.hotline = &hotline;
  auto site = web::Site::create(std::move(site_config));
  if (!site) return report_failure(site.error());

  http::ServerOptions server_options;
  server_options.host = instance->config.listen.host;
  server_options.port = instance->config.listen.port;
  server_options.threads = instance->config.threads;
  server_options.secure_transport = instance->config.secure_transport;
  server_options.random = &random;
  server_options.metrics = &metrics;
  server_options.sign_csrf = [mac = *csrf_mac](std::string_view cookie) {
    return mac.sign("csrf", cookie);
  };
  server_options.client_key = [mac = *client_mac](std::string_view peer_address) {
    return client_key_for(mac, peer_address);
  };
  auto server =
      http::Server::start(std::move(server_options), site->router(), site->error_renderer());
  if (!server) return report_failure(server.error());

  auto const& host = instance->config.listen.host;
  bool v6 = host.find(':') != std::string::npos;
  // Scripts and tests read this first line to learn the port when --listen ends in :0.
  std::printf("haven: listening on http://%s%s%s:%u\n", v6 ? "[" : "", host.c_str(), v6 ? "]" : "",
              static_cast<unsigned>((*server)->port()));
  std::fflush(stdout);
  log::info("serving", {{"engine", std::string((*store)->engine())}});
  (*server)->wait();
  // Shutdown order: no more requests, then no more sign-ins (the hasher waits for running
  // derivations, whose answers find the server gone and are dropped), then the services
  // and the store as the scope ends.
  server->reset();
  hasher.reset();
  log::info("stopped");
  return kExitOk;
}

}  // namespace

Action configure_serve(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  add_data_option(app, options->data_dir);
  app.add_option("--listen", options->listen,
                 "Address to listen on, HOST:PORT (default from haven.toml; port 0 picks a "
                 "free port)")
      ->type_name("ADDR:PORT");
  return [options] { return serve(*options); };
}

}  // namespace haven::cli

// `haven serve --data DIR [--listen ADDR:PORT]`: wires the concrete adapters (store, vault,
// catalog, site) into the HTTP server and runs until SIGINT or SIGTERM.
#include <sys/resource.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app/health_check.h"
#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/instance.h"
#include "cli/instance_store.h"
#include "cli/logging.h"
#include "core/clock.h"
#include "http/server.h"
#include "vault/system_random.h"
#include "vault/token_mac.h"
#include "web/site.h"

namespace haven::cli {

namespace {

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

  web::SiteConfig site_config;
  site_config.check_health = [&health] { return health.check(); };
  site_config.metrics = &metrics;
  site_config.metrics_token = instance->secrets.metrics_token;
  site_config.secure_transport = instance->config.secure_transport;
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

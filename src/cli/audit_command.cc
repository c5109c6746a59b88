// `haven audit verify --data DIR`: the operator checks the audit log's hash chain against
// the instance's audit key (app/audit_log.h does the work, streaming the log in pages).
// Exit 0 when intact, 65 (EX_DATAERR, as ErrorCode::Corruption) at the first broken link.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "app/audit_log.h"
#include "app/policy.h"
#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/instance.h"
#include "cli/instance_store.h"
#include "cli/logging.h"
#include "core/clock.h"
#include "vault/system_random.h"

namespace haven::cli {

namespace {

struct AuditOptions {
  std::string data_dir;
};

int verify_audit_log(AuditOptions const& options) {
  auto opened = open_instance(options.data_dir);
  if (!opened) return report_failure(opened.error());
  auto& o = **opened;
  app::AuditLog log(o.clock, o.instance.secrets.audit_key);
  auto verdict = log.verify(*o.store, app::Actor::system());
  if (!verdict) return report_failure(verdict.error());
  if (verdict->first_break) {
    auto const& broken = *verdict->first_break;
    std::printf("audit log broken at entry %lld: %s\n", static_cast<long long>(broken.sequence),
                std::string(app::to_string(broken.reason)).c_str());
    return exit_code_for(ErrorCode::Corruption);
  }
  std::printf("audit log intact: %lld entries\n", static_cast<long long>(verdict->entries));
  return kExitOk;
}

}  // namespace

Action configure_audit(CLI::App& app) {
  auto options = std::make_shared<AuditOptions>();
  app.require_subcommand(1);
  auto* verify = app.add_subcommand("verify", "Check the audit log's hash chain");
  add_data_option(*verify, options->data_dir);
  return [options, verify] {
    if (verify->parsed()) return verify_audit_log(*options);
    return kExitUsage;
  };
}

}  // namespace haven::cli

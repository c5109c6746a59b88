// `haven org add|list --data DIR`: the operator at the console adds and lists the network's
// organisations. The console acts as app::Actor::system(), a row of its own in the policy
// table; the checks and validation live in app/ and domain/, not here.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "app/audit_log.h"
#include "app/organisation_service.h"
#include "app/policy.h"
#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/instance.h"
#include "cli/instance_store.h"
#include "cli/logging.h"
#include "core/clock.h"
#include "domain/organisation.h"
#include "domain/text.h"
#include "vault/system_random.h"

namespace haven::cli {

namespace {

struct OrgOptions {
  std::string data_dir;
  std::string name;
  std::string country;
  std::string city;
  std::string languages;
  std::string kind;
};

// Parses the options into details; InvalidInput with a message for the operator.
Result<domain::OrganisationDetails> read_details(OrgOptions const& options) {
  auto kind = domain::parse_organisation_kind(options.kind);
  if (!kind) return make_error(ErrorCode::InvalidInput, "--kind must be member or contact-point");
  auto languages = domain::parse_languages(options.languages);
  if (!languages) return std::move(languages).error();
  // "de" is accepted and stored as "DE"; anything unknown is left for validate() to name.
  auto country = domain::normalise_country(options.country).value_or(options.country);
  return domain::OrganisationDetails{.name = options.name,
                                     .country = std::move(country),
                                     .city = options.city,
                                     .languages = std::move(languages).value(),
                                     .kind = *kind};
}

// Runs `work` with the instance's store and a service over it.
template <class Work>
int with_service(std::string const& data_dir, Work work) {
  auto opened = open_instance(data_dir);
  if (!opened) return report_failure(opened.error());
  auto& o = **opened;
  app::AuditLog audit(o.clock, o.instance.secrets.audit_key);
  app::OrganisationService service(*o.store, o.clock, o.random, audit);
  return work(service);
}

int add_organisation(OrgOptions const& options) {
  auto details = read_details(options);
  if (!details) return report_failure(details.error());
  return with_service(options.data_dir, [&](app::OrganisationService& service) {
    auto added = service.add(app::Actor::system(), std::move(details).value());
    if (!added) return report_failure(added.error());
    std::printf("Added %s %s\n", std::string(domain::to_string(added->details.kind)).c_str(),
                added->id.str().c_str());
    return kExitOk;
  });
}

// `text` followed by spaces up to `width` characters (code points, so Cyrillic lines up).
std::string padded(std::string const& text, std::size_t width) {
  auto length =
      static_cast<std::size_t>(std::max<std::ptrdiff_t>(domain::count_code_points(text), 0));
  return text + std::string(length < width ? width - length : 0, ' ');
}

void print_table(std::vector<domain::Organisation> const& organisations) {
  std::size_t city_width = 4;
  for (auto const& org : organisations) {
    city_width =
        std::max<std::size_t>(city_width, static_cast<std::size_t>(std::max<std::ptrdiff_t>(
                                              domain::count_code_points(org.details.city), 0)));
  }
  std::printf("%-32s  %-13s  %-7s  %s  %-11s  %s\n", "ID", "KIND", "COUNTRY",
              padded("CITY", city_width).c_str(), "LANGUAGES", "NAME");
  for (auto const& org : organisations) {
    auto const& d = org.details;
    std::printf("%-32s  %-13s  %-7s  %s  %-11s  %s\n", org.id.str().c_str(),
                std::string(domain::to_string(d.kind)).c_str(), d.country.c_str(),
                padded(d.city, city_width).c_str(), domain::join_languages(d.languages).c_str(),
                d.name.c_str());
  }
}

int list_organisations(OrgOptions const& options) {
  return with_service(options.data_dir, [&](app::OrganisationService& service) {
    auto listed = service.list(app::Actor::system());
    if (!listed) return report_failure(listed.error());
    if (listed->empty()) {
      std::printf("No organisations yet. Add one with: haven org add --data %s --name ...\n",
                  options.data_dir.c_str());
      return kExitOk;
    }
    print_table(*listed);
    return kExitOk;
  });
}

}  // namespace

Action configure_org(CLI::App& app) {
  auto options = std::make_shared<OrgOptions>();
  app.require_subcommand(1);

  auto* add = app.add_subcommand("add", "Add a member organisation or contact point");
  add_data_option(*add, options->data_dir);
  add->add_option("--name", options->name, "Name (1-200 characters)")->required();
  add->add_option("--country", options->country, "ISO 3166-1 alpha-2 code, e.g. DE")
      ->required()
      ->type_name("CODE");
  add->add_option("--city", options->city, "City (1-100 characters)")->required();
  add->add_option("--languages", options->languages, "Languages spoken, e.g. ru,en,de")
      ->required()
      ->type_name("LIST");
  add->add_option("--kind", options->kind, "member or contact-point")
      ->default_val("member")
      ->type_name("KIND");

  auto* list = app.add_subcommand("list", "List the network's organisations");
  add_data_option(*list, options->data_dir);

  return [options, add, list] {
    if (add->parsed()) return add_organisation(*options);
    if (list->parsed()) return list_organisations(*options);
    return kExitUsage;
  };
}

}  // namespace haven::cli

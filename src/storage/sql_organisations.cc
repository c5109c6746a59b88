#include "storage/sql_organisations.h"

#include <string>

#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_ORG_COLUMNS "id, name, country, city, languages, kind, public_key, created_at"

// ON CONFLICT DO NOTHING: a duplicate is reported by the row count, so the transaction
// stays usable on PostgreSQL (a failed statement would abort it).
constexpr Statement kInsert{"organisations.insert",
                            "INSERT INTO organisations (" HAVEN_ORG_COLUMNS
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING"};
constexpr Statement kFind{"organisations.find",
                          "SELECT " HAVEN_ORG_COLUMNS " FROM organisations WHERE id = $1"};
constexpr Statement kList{"organisations.list",
                          "SELECT " HAVEN_ORG_COLUMNS " FROM organisations ORDER BY name, id"};
constexpr Statement kSetPublicKey{
    "organisations.set_public_key",
    "UPDATE organisations SET public_key = $2 WHERE id = $1 AND public_key IS NULL"};
constexpr Statement kExists{"organisations.exists",
                            "SELECT count(*) FROM organisations WHERE id = $1"};

Error not_found() { return make_error(ErrorCode::NotFound, "no such organisation"); }

// Columns as in HAVEN_ORG_COLUMNS.
Result<domain::Organisation> read_organisation(SqlRow const& row) {
  auto id = domain::OrgId::parse(row.text(0));
  auto kind = domain::parse_organisation_kind(row.text(5));
  auto languages = domain::parse_languages(row.text(4));
  if (!id || !kind || !languages) {
    return make_error(ErrorCode::Corruption, "organisations row has a bad id, kind or languages");
  }
  std::optional<std::string> public_key;
  if (!row.is_null(6)) public_key = row.text(6);
  return domain::Organisation{.id = *id,
                              .details = {.name = row.text(1),
                                          .country = row.text(2),
                                          .city = row.text(3),
                                          .languages = std::move(languages).value(),
                                          .kind = *kind},
                              .public_key = std::move(public_key),
                              .created_at = from_millis(row.int64(7))};
}

}  // namespace

Result<void> SqlOrganisations::add(domain::Organisation const& organisation) {
  auto const& d = organisation.details;
  std::string languages = domain::join_languages(d.languages);
  SqlParam public_key = nullptr;
  if (organisation.public_key) public_key = Blob{*organisation.public_key};
  auto inserted = conn_.execute(
      kInsert, {organisation.id.str(), d.name, d.country, d.city, languages,
                domain::to_string(d.kind), public_key, to_millis(organisation.created_at)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "an organisation with this id or name exists");
  }
  return {};
}

Result<domain::Organisation> SqlOrganisations::find(domain::OrgId const& id) {
  auto found = conn_.execute(kFind, {id.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return not_found();
  return read_organisation(found->rows.front());
}

Result<std::vector<domain::Organisation>> SqlOrganisations::list() {
  auto rows = conn_.execute(kList);
  if (!rows) return std::move(rows).error();
  std::vector<domain::Organisation> out;
  out.reserve(rows->rows.size());
  for (auto const& row : rows->rows) {
    auto organisation = read_organisation(row);
    if (!organisation) return std::move(organisation).error();
    out.push_back(std::move(organisation).value());
  }
  return out;
}

Result<void> SqlOrganisations::set_public_key(domain::OrgId const& id,
                                              std::string_view public_key) {
  auto updated = conn_.execute(kSetPublicKey, {id.str(), Blob{public_key}});
  if (!updated) return std::move(updated).error();
  if (updated->affected_rows == 1) return {};
  auto exists = conn_.execute(kExists, {id.str()});
  if (!exists) return std::move(exists).error();
  if (exists->rows.empty() || exists->rows[0].int64(0) == 0) return not_found();
  return make_error(ErrorCode::Conflict, "organisation already has a public key");
}

}  // namespace haven::storage

// The person on the case page (issue 4 §1): the decrypted person with "contacted us
// before" links under each handle, and the form that records it. What may be seen and done
// is app::CasePeople's decision; these functions show what it returns and never log a word
// of the person.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "app/case_people.h"
#include "app/session_service.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "http/form.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// What the case page shows about the person after a refused save: the problem, what was
// typed (kept in the form) and, after a stale version, the person as stored now.
struct PersonFeedback {
  std::string problem;
  std::optional<app::PersonForm> typed;
  std::optional<app::OpenedPerson> current;
};

// Adds the person section's data (has_person, person_*, the form's fields and version) to
// the case page's `data`, reading the person with the reader's key. Without
// site.case_people the section stays empty. An error reading it is returned (the page
// answers it like the case's own errors).
Result<void> add_person_section(SiteParts const& site, domain::Language language,
                                app::SignedInStaff const& staff, vault::Keypair const& reader,
                                domain::OrgId const& org, domain::CaseId const& id,
                                PersonFeedback const& feedback, kainjow::mustache::data& data);

// POST /staff/orgs/{org}/cases/{case}/person, fields version (the person's, 0 before the
// first save), alias, names, born, documents, handle_kind_N and handle_value_N (N = 0..9):
// 303 to the case. A bad field: the case page with a message naming it and everything
// typed kept, 400; a stale version: the person as stored now next to what was typed, 409.
http::Response save_case_person(SiteParts const& site, http::Request& request,
                                app::SignedInStaff const& staff);

// The translated message for an InvalidInput detail of app::CasePeople (kBadAlias, …);
// nullopt for any other detail.
std::optional<std::string> person_problem(SiteParts const& site, domain::Language language,
                                          std::string_view detail);

// The links to `earlier` cases of `org` ("contacted us before"): href, number, status, last.
kainjow::mustache::list earlier_case_links(SiteParts const& site, domain::Language language,
                                           domain::OrgId const& org,
                                           std::vector<app::EarlierCase> const& earlier);

// The person fields of the case page's person form.
app::PersonForm read_person_form(http::Form const& form);

// The new case form's person: alias, one phone and one email (blank ones left out).
app::PersonForm new_case_person(std::string alias, std::string phone, std::string email);

}  // namespace haven::web

#include "web/case_person.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "core/utc_time.h"
#include "http/form.h"
#include "web/case_page.h"
#include "web/case_request.h"
#include "web/case_words.h"
#include "web/cases_pages.h"
#include "web/error_response.h"
#include "web/staff_session.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::ContactKind;
using domain::Language;

// Rows of the handle form beyond those already filled, so a new handle needs no script.
constexpr std::size_t kEmptyHandleRows = 2;

std::string_view contact_kind_msgid(ContactKind kind) {
  switch (kind) {
    case ContactKind::Phone:
      return "Phone";
    case ContactKind::Email:
      return "Email";
    case ContactKind::Telegram:
      return "Telegram";
    case ContactKind::Signal:
      return "Signal";
  }
  return "Phone";
}

// The form's fields as the person stands (or as typed after a refusal).
app::PersonForm form_of(app::OpenedPerson const& opened) {
  app::PersonForm form;
  if (!opened.person) return form;
  form.alias = opened.person->alias;
  form.names = opened.person->names;
  if (opened.person->born) form.born = domain::format_birth_date(*opened.person->born);
  form.documents = opened.person->documents;
  for (auto const& handle : opened.handles)
    form.handles.push_back({handle.handle.kind, handle.shown});
  return form;
}

mustache::list earlier_links(SiteParts const& site, Language language, domain::OrgId const& org,
                             std::vector<app::EarlierCase> const& earlier) {
  mustache::list links;
  for (std::size_t i = 0; i < earlier.size(); ++i) {
    mustache::object link;
    link["href"] = case_path(org, earlier[i].id);
    link["number"] = earlier[i].number;
    link["status"] = translate(site, language, status_msgid(earlier[i].status));
    link["last"] = i + 1 == earlier.size();
    links.emplace_back(std::move(link));
  }
  return links;
}

void add_shown_person(SiteParts const& site, Language language, domain::OrgId const& org,
                      app::OpenedPerson const& opened, mustache::data& data) {
  data.set("has_person", opened.person.has_value());
  if (!opened.person) return;
  data.set("person_alias", opened.person->alias);
  if (!opened.person->names.empty()) data.set("person_names", opened.person->names);
  if (opened.person->born) {
    data.set("person_born", domain::format_birth_date(*opened.person->born));
  }
  if (!opened.person->documents.empty()) data.set("person_documents", opened.person->documents);
  mustache::list handles;
  for (auto const& handle : opened.handles) {
    mustache::object item;
    item["kind"] = translate(site, language, contact_kind_msgid(handle.handle.kind));
    item["shown"] = handle.shown;
    item["has_earlier"] = !handle.contacted_before.empty();
    item["earlier"] = earlier_links(site, language, org, handle.contacted_before);
    handles.emplace_back(std::move(item));
  }
  data.set("person_handles", handles);
}

void add_form(SiteParts const& site, Language language, app::PersonForm const& form,
              mustache::data& data) {
  data.set("form_alias", form.alias);
  data.set("form_names", form.names);
  data.set("form_born", form.born);
  data.set("form_documents", form.documents);
  mustache::list rows;
  std::size_t count = std::min(form.handles.size() + kEmptyHandleRows, domain::kMaxContactHandles);
  for (std::size_t i = 0; i < count; ++i) {
    app::TypedHandle typed = i < form.handles.size() ? form.handles[i] : app::TypedHandle{};
    mustache::object row;
    row["index"] = std::to_string(i);
    row["value"] = typed.value;
    mustache::list kinds;
    for (ContactKind kind : domain::kContactKinds) {
      mustache::object option;
      option["value"] = std::string(domain::to_string(kind));
      option["name"] = translate(site, language, contact_kind_msgid(kind));
      option["selected"] = kind == typed.kind;
      kinds.emplace_back(std::move(option));
    }
    row["kinds"] = kinds;
    rows.emplace_back(std::move(row));
  }
  data.set("form_handles", rows);
}

}  // namespace

std::optional<std::string> person_problem(SiteParts const& site, Language language,
                                          std::string_view detail) {
  struct Row {
    std::string_view detail;
    std::string_view msgid;
  };
  static constexpr Row kRows[] = {
      {app::kBadAlias, "Give the person an alias: 1 to 80 characters on one line."},
      {app::kBadNames, "The names are too long or hold characters that cannot be stored."},
      {app::kBadBirthDate,
       "Write the date of birth as a year (1994) or a date (1994-03-07), not in the future."},
      {app::kBadDocuments,
       "The documents held are too long or hold characters that cannot be stored."},
      {app::kBadPhone,
       "A phone number is not valid. Write it with the country code, such as +49 30 1234567."},
      {app::kBadEmail, "An email address is not valid."},
      {app::kBadTelegram,
       "A Telegram username has 5 to 32 letters (a-z), digits or underscores and starts with a "
       "letter."},
      {app::kBadSignal, "A Signal contact is a phone number or a username such as name.42."},
      {app::kTooManyHandles, "A person can have at most 10 contact handles."},
      {app::kSameHandleTwice, "The same contact handle is given twice."},
  };
  for (auto const& row : kRows) {
    if (row.detail == detail) return translate(site, language, row.msgid);
  }
  return std::nullopt;
}

mustache::list earlier_case_links(SiteParts const& site, Language language,
                                  domain::OrgId const& org,
                                  std::vector<app::EarlierCase> const& earlier) {
  return earlier_links(site, language, org, earlier);
}

app::PersonForm new_case_person(std::string alias, std::string phone, std::string email) {
  app::PersonForm person;
  person.alias = std::move(alias);
  if (!is_blank(phone)) person.handles.push_back({ContactKind::Phone, std::move(phone)});
  if (!is_blank(email)) person.handles.push_back({ContactKind::Email, std::move(email)});
  return person;
}

app::PersonForm read_person_form(http::Form const& form) {
  app::PersonForm person;
  person.alias = std::string(form.get("alias").value_or(""));
  person.names = with_unix_newlines(form.get("names").value_or(""));
  person.born = std::string(form.get("born").value_or(""));
  person.documents = with_unix_newlines(form.get("documents").value_or(""));
  // One more row than a person may hold is read, so an eleventh handle is refused by the
  // use case rather than silently dropped.
  for (std::size_t i = 0; i <= domain::kMaxContactHandles; ++i) {
    std::string index = std::to_string(i);
    auto value = form.get("handle_value_" + index);
    if (!value || is_blank(*value)) continue;
    auto kind = domain::parse_contact_kind(form.get("handle_kind_" + index).value_or(""));
    person.handles.push_back({kind.value_or(ContactKind::Phone), std::string(*value)});
  }
  return person;
}

Result<void> add_person_section(SiteParts const& site, Language language,
                                app::SignedInStaff const& staff, vault::Keypair const& reader,
                                domain::OrgId const& org, domain::CaseId const& id,
                                PersonFeedback const& feedback, mustache::data& data) {
  if (site.case_people == nullptr) return {};
  auto opened = site.case_people->read(staff.actor, reader, org, id);
  if (!opened) return std::move(opened).error();
  data.set("person_section", true);
  add_shown_person(site, language, org, *opened, data);
  data.set("person_version", std::to_string(opened->version));
  if (!feedback.problem.empty()) {
    data.set("person_problem", feedback.problem);
    data.set("person_open", true);
  }
  if (feedback.current && feedback.current->person) {
    data.set("person_conflict", true);
  }
  add_form(site, language, feedback.typed ? *feedback.typed : form_of(*opened), data);
  return {};
}

http::Response save_case_person(SiteParts const& site, http::Request& request,
                                app::SignedInStaff const& staff) {
  if (site.cases == nullptr || site.case_people == nullptr) return not_found();
  auto post = read_case_post(request);
  if (!post) return respond_with_error(request, post.error());
  Language language = staff_language(request, staff);
  auto typed = read_person_form(post->form);
  auto version = version_in(post->form);
  CaseFeedback feedback;
  feedback.person.typed = typed;
  if (!version || *version < 0) {
    feedback.person.problem =
        translate(site, language, "The form was incomplete. Please try again.");
    return render_case(site, request, staff, post->org, post->id, feedback, 400);
  }
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  auto change = site.case_people->save(staff.actor, *reader, post->org, post->id, *version, typed);
  if (change.result) return see_other_private(case_path(post->org, post->id) + "#person");
  auto person_refused = [&](Error const& failure) {
    feedback.person.problem =
        person_problem(site, language, failure.detail)
            .value_or(translate(site, language, "The form was incomplete. Please try again."));
    return render_case(site, request, staff, post->org, post->id, feedback, 400);
  };
  auto changed_meanwhile = [&](Error const&) {
    feedback.person.problem = translate(
        site, language,
        "The person was changed meanwhile. Above is how it stands now; what you typed is in "
        "the form. Check it before you save again.");
    feedback.person.current = std::move(change.current);
    return render_case(site, request, staff, post->org, post->id, feedback, 409);
  };
  return refusal_page(site, request, staff, post->org, change.result.error(),
                      {.invalid_input = person_refused, .conflict = changed_meanwhile});
}

}  // namespace haven::web

#include "web/case_page.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/case_service.h"
#include "app/policy.h"
#include "core/utc_time.h"
#include "http/form.h"
#include "i18n/placeholders.h"
#include "web/case_request.h"
#include "web/case_words.h"
#include "web/cases_pages.h"
#include "web/document_pages.h"
#include "web/error_response.h"
#include "web/staff_pages.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::Language;

// The assignment form: take or give back for a counsellor; for a coordinator a select of
// the organisation's active coordinators and counsellors (by short id: names need the
// staff key, which this page does not open).
void add_assignment_choices(SiteParts const& site, Language language,
                            app::SignedInStaff const& staff, domain::OrgId const& org,
                            domain::Case const& record, mustache::data& data) {
  auto const& me = staff.actor.user_id();
  auto const& assignee = record.metadata.assignee;
  if (me) data.set("me", me->str());
  data.set("can_take", !assignee.has_value());
  data.set("can_give_back", assignee.has_value() && assignee == me);
  bool is_coordinator = staff.actor.role_in(org) == domain::Role::Coordinator;
  if (!is_coordinator || site.staff == nullptr) return;
  auto members = site.staff->list_members(staff.actor, org);
  if (!members) return;
  mustache::list options;
  for (app::StaffMemberSummary const& member : *members) {
    bool can_work =
        member.role == domain::Role::Coordinator || member.role == domain::Role::Counsellor;
    if (!can_work || member.state != domain::AccountState::Active) continue;
    mustache::object option;
    option["value"] = member.id.str();
    std::string label = member.id == me
                            ? translate(site, language, "me")
                            : i18n::fill_placeholders(translate(site, language, "Member {id}"),
                                                      {{"id", member.id.str().substr(0, 8)}});
    option["name"] = label + " (" + translate(site, language, role_msgid(member.role)) + ")";
    option["selected"] = assignee == member.id;
    options.emplace_back(std::move(option));
  }
  data.set("can_assign", true);
  data.set("members", options);
}

}  // namespace

http::Response render_case(SiteParts const& site, http::Request const& request,
                           app::SignedInStaff const& staff, domain::OrgId const& org,
                           domain::CaseId const& id, CaseFeedback const& feedback,
                           unsigned status) {
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  app::EntryWindow window{.limit = app::kMaxTimelinePage, .offset = 0};
  auto opened = site.cases->open(staff.actor, *reader, org, id, window);
  if (!opened) return refusal_page(site, request, staff, org, opened.error());
  domain::Case const& record = opened->record;
  Language language = staff_language(request, staff);
  auto data = layout_data(request);
  std::string href = case_path(org, id);
  if (!request.csrf_token.empty()) data.set("next", href);
  data.set("cases_href", cases_path(org));
  data.set("case_href", href);
  data.set("number", record.number);
  data.set("version", std::to_string(record.version));
  if (!feedback.problem.empty()) data.set("problem", feedback.problem);
  if (!feedback.submitted.empty()) data.set("submitted", feedback.submitted);
  if (feedback.current) {
    data.set("current_status",
             translate(site, language, status_msgid(feedback.current->metadata.status)));
    data.set("current_updated", format_utc_minute(feedback.current->updated_at));
  }
  mustache::object row = case_row(site, language, staff, record, false);
  for (auto const& key :
       {"status", "channel", "topics", "urgency", "country", "assignee", "created", "updated"}) {
    data.set(key, row[key]);
  }
  data.set("origin", translate(site, language, origin_msgid(record.metadata.origin)));
  data.set("case_language", std::string(domain::native_name(record.metadata.language)));
  if (record.metadata.outcome) {
    data.set("outcome", translate(site, language, outcome_msgid(*record.metadata.outcome)));
  }
  mustache::list entries;
  for (app::OpenedEntry const& entry : opened->entries) {
    mustache::object item;
    item["kind"] = translate(site, language, entry_kind_msgid(entry.kind));
    std::string_view author = !entry.author                           ? "system"
                              : entry.author == staff.actor.user_id() ? "me"
                                                                      : "a colleague";
    item["author"] = translate(site, language, author);
    item["at"] = format_utc_minute(entry.at);
    item["readable"] = entry.text.has_value();
    item["text"] = entry.text.value_or("");
    entries.emplace_back(std::move(item));
  }
  data.set("entries", entries);
  mustache::list statuses;
  for (domain::CaseStatus to : domain::kCaseStatuses) {
    if (!domain::can_change_status(record.metadata.status, to)) continue;
    mustache::object option;
    option["value"] = std::string(domain::to_string(to));
    option["name"] = translate(site, language, status_msgid(to));
    statuses.emplace_back(std::move(option));
  }
  data.set("has_statuses", !statuses.empty());
  data.set("statuses", statuses);
  data.set("outcomes",
           choices(site, language, domain::kOutcomes, outcome_msgid, [](auto) { return false; }));
  add_assignment_choices(site, language, staff, org, record, data);
  add_case_deadlines(site, language, staff, *reader, org, id, feedback.deadline, data);
  add_case_documents(site, language, staff, *reader, org, id, data);
  auto person = add_person_section(site, language, staff, *reader, org, id, feedback.person, data);
  if (!person) return respond_with_error(request, person.error());
  return render_private_page(site, Page::Case, language, data, status);
}

// A refused change as the case page shows it: the stale version with both states, the
// missing grant, the workflow's refusal; anything else through the one error map.
http::Response render_refused_change(SiteParts const& site, http::Request const& request,
                                     app::SignedInStaff const& staff, domain::OrgId const& org,
                                     domain::CaseId const& id, app::CaseChange const& change,
                                     std::string submitted) {
  Language language = staff_language(request, staff);
  CaseFeedback feedback;
  feedback.current = change.current;
  auto changed_meanwhile = [&](Error const&) {
    feedback.problem = translate(
        site, language, "This case was changed meanwhile. Look at it again before you change it.");
    feedback.submitted = std::move(submitted);
    return render_case(site, request, staff, org, id, feedback, 409);
  };
  auto not_possible = [&](Error const&) {
    feedback.problem =
        translate(site, language, "This change is not possible from the case's current status.");
    return render_case(site, request, staff, org, id, feedback, 400);
  };
  return refusal_page(site, request, staff, org, change.result.error(),
                      {.invalid_input = not_possible, .conflict = changed_meanwhile});
}

http::Response show_case(SiteParts const& site, http::Request& request,
                         app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  auto id = case_in_path(request);
  if (!id) return respond_with_error(request, id.error());
  return render_case(site, request, staff, *org, *id, {}, 200);
}

http::Response add_case_note(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  auto id = case_in_path(request);
  if (!id) return respond_with_error(request, id.error());
  auto form = http::parse_form(request);
  if (!form) return respond_with_error(request, form.error());
  Language language = staff_language(request, staff);
  std::string text = with_unix_newlines(form->get("text").value_or(""));
  app::NoteKind kind = form->get("kind") == "call" ? app::NoteKind::Call : app::NoteKind::Note;
  if (is_blank(text)) {
    CaseFeedback feedback;
    feedback.problem = translate(site, language, "Write the note before you add it.");
    return render_case(site, request, staff, *org, *id, feedback, 400);
  }
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  auto added = site.cases->add_note(staff.actor, *reader, *org, *id, text, kind);
  if (!added) {
    auto note_refused = [&](Error const&) {
      CaseFeedback feedback;
      feedback.problem = translate(site, language,
                                   "The note is too long or holds characters that cannot be "
                                   "stored. Shorten it and try again.");
      return render_case(site, request, staff, *org, *id, feedback, 400);
    };
    return refusal_page(site, request, staff, *org, added.error(), {.invalid_input = note_refused});
  }
  return see_other_private(case_path(*org, *id));
}

http::Response change_case_status(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  auto id = case_in_path(request);
  if (!id) return respond_with_error(request, id.error());
  auto form = http::parse_form(request);
  if (!form) return respond_with_error(request, form.error());
  Language language = staff_language(request, staff);
  auto version = version_in(*form);
  auto to = domain::parse_case_status(form->get("status").value_or(""));
  std::optional<domain::Outcome> outcome;
  if (to == domain::CaseStatus::Closed) {
    outcome = domain::parse_outcome(form->get("outcome").value_or(""));
  }
  if (!version || !to || (to == domain::CaseStatus::Closed && !outcome)) {
    CaseFeedback feedback;
    feedback.problem = translate(site, language,
                                 !version || !to ? "The form was incomplete. Please try again."
                                                 : "Choose an outcome when you close a case.");
    return render_case(site, request, staff, *org, *id, feedback, 400);
  }
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  auto change = site.cases->change_status(staff.actor, *reader, *org, *id, *version, *to, outcome);
  if (!change.result) {
    std::string submitted = translate(site, language, status_msgid(*to));
    if (outcome) submitted += ": " + translate(site, language, outcome_msgid(*outcome));
    return render_refused_change(site, request, staff, *org, *id, change, submitted);
  }
  return see_other_private(case_path(*org, *id));
}

}  // namespace haven::web

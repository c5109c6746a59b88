#include "web/hotline_pages.h"

#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/hotline_calls.h"
#include "app/policy.h"
#include "domain/deadline.h"
#include "http/form.h"
#include "web/case_person.h"
#include "web/case_request.h"
#include "web/case_words.h"
#include "web/deadline_pages.h"
#include "web/error_response.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::Language;

constexpr std::string_view kIncompleteMsgid = "The form was incomplete. Please try again.";

// The form as typed: a refused or checked submission shows it again unchanged.
struct CallForm {
  std::string form_id;
  std::string number;
  Language language = Language::Ru;
  std::string minutes;
  std::string summary;
  bool callback = false;
  std::string callback_day;
  std::string callback_time;
  bool existing = false;
  std::string case_number;
  domain::CaseMetadata metadata;  // origin, country, topics, urgency of a new case
  std::string alias;
  bool take = true;
  // Problems by field ("number", "summary", …; "" for the form as a whole), translated.
  std::map<std::string, std::string, std::less<>> problems;
  // After "Check number": the earlier cases holding it.
  std::optional<std::vector<app::EarlierCase>> earlier;
};

http::Response render_call_form(SiteParts const& site, http::Request const& request,
                                app::SignedInStaff const& staff, domain::OrgId const& org,
                                CallForm const& form, unsigned status) {
  Language language = staff_language(request, staff);
  auto data = layout_data(request);
  if (!request.csrf_token.empty()) data.set("next", new_call_path(org));
  data.set("action_href", new_call_path(org));
  data.set("cases_href", cases_path(org));
  data.set("form_id", form.form_id);
  data.set("number", form.number);
  data.set("languages", language_choices(form.language));
  data.set("minutes", form.minutes);
  data.set("summary", form.summary);
  data.set("followup_none", !form.callback);
  data.set("followup_callback", form.callback);
  data.set("callback_day", form.callback_day);
  data.set("callback_time", form.callback_time);
  data.set("target_new", !form.existing);
  data.set("target_existing", form.existing);
  data.set("case_number", form.case_number);
  domain::CaseMetadata const& typed = form.metadata;
  data.set("origins", choices(site, language, domain::kOrigins, origin_msgid,
                              [&](auto value) { return typed.origin == value; }));
  data.set("country", typed.current_country);
  data.set("topics", choices(site, language, domain::kTopics, topic_msgid,
                             [&](auto value) { return typed.topics.contains(value); }));
  data.set("urgencies", choices(site, language, domain::kUrgencies, urgency_msgid,
                                [&](auto value) { return typed.urgency.contains(value); }));
  data.set("alias", form.alias);
  data.set("take", form.take);
  data.set("person_fields", site.case_people != nullptr);
  for (auto const& [field, problem] : form.problems) {
    data.set(field.empty() ? std::string("problem") : field + "_problem", problem);
  }
  if (form.problems.size() > 1 || (!form.problems.empty() && !form.problems.contains(""))) {
    data.set("fields_problem",
             translate(site, language, "Some fields need a correction: see the notes below."));
  }
  if (form.earlier) {
    data.set("checked", true);
    data.set("has_earlier", !form.earlier->empty());
    data.set("earlier", earlier_case_links(site, language, org, *form.earlier));
  }
  return render_private_page(site, Page::NewCall, language, data, status);
}

// The typed values of a post, unparsed where the form shows them as typed.
CallForm typed_form(http::Form const& fields, Language fallback) {
  CallForm form;
  form.form_id = std::string(fields.get("form").value_or(""));
  form.number = std::string(fields.get("number").value_or(""));
  form.language = domain::parse_language(fields.get("language").value_or("")).value_or(fallback);
  form.minutes = std::string(fields.get("minutes").value_or(""));
  form.summary = with_unix_newlines(fields.get("summary").value_or(""));
  form.callback = fields.get("followup") == "callback";
  form.callback_day = std::string(fields.get("callback_day").value_or(""));
  form.callback_time = std::string(fields.get("callback_time").value_or(""));
  form.existing = fields.get("target") == "existing";
  form.case_number = std::string(fields.get("case_number").value_or(""));
  form.alias = std::string(fields.get("alias").value_or(""));
  form.take = fields.get("take") == "yes";
  std::string country(fields.get("country").value_or(""));
  for (char& c : country) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  form.metadata.current_country = std::move(country);
  // Unknown words are left out here; read_call names them.
  if (auto origin = domain::parse_origin(fields.get("origin").value_or(""))) {
    form.metadata.origin = *origin;
  }
  for (auto const& [name, value] : fields.fields) {
    if (name == "topic") {
      if (auto topic = domain::parse_topic(value)) form.metadata.topics.insert(*topic);
    } else if (name == "urgency") {
      if (auto urgency = domain::parse_urgency(value)) form.metadata.urgency.insert(*urgency);
    }
  }
  return form;
}

// The call the form asks for, or the form's problems (msgids, set in `problems`).
std::optional<app::HotlineCall> read_call(SiteParts const& site, Language language,
                                          http::Form const& fields, CallForm& form,
                                          app::SignedInStaff const& staff) {
  auto note = [&](std::string const& field, std::string_view msgid) {
    if (!form.problems.contains(field)) form.problems[field] = translate(site, language, msgid);
  };
  std::optional<int> minutes;
  std::optional<domain::DueDate> callback;
  std::optional<app::NewCallCase> new_case;
  auto id = app::CallFormId::parse(form.form_id);
  if (!id) note("", kIncompleteMsgid);
  if (!domain::parse_language(fields.get("language").value_or(""))) {
    note("language", "Choose a language from the list.");
  }
  if (!form.minutes.empty()) {
    int typed = -1;
    auto const* end = form.minutes.data() + form.minutes.size();
    auto [at, error] = std::from_chars(form.minutes.data(), end, typed);
    if (error != std::errc() || at != end || typed < 0 || typed > app::kMaxCallMinutes) {
      note("minutes", "Enter the duration as whole minutes from 0 to 600, or leave it empty.");
    } else {
      minutes = typed;
    }
  }
  if (is_blank(form.summary)) note("summary", "Write a short summary of the call.");
  auto followup = fields.get("followup").value_or("none");
  if (followup != "none" && followup != "callback") note("followup", kIncompleteMsgid);
  if (form.callback) {
    auto day = domain::parse_day(form.callback_day);
    if (form.callback_day.empty()) {
      note("callback", "Enter the date of the callback.");
    } else if (!day) {
      note("callback", due_problem_msgid(domain::DueProblem::BadDay));
    } else {
      domain::DueDate due{.day = *day, .time = std::nullopt};
      if (!form.callback_time.empty()) {
        due.time = domain::parse_time_of_day(form.callback_time);
        if (!due.time) note("callback", due_problem_msgid(domain::DueProblem::BadTime));
      }
      if (site.deadlines == nullptr) {
        note("callback", kIncompleteMsgid);
      } else if (auto problem =
                     domain::check_due(domain::DeadlineKind::Callback, due, site.deadlines->today(),
                                       domain::PastDue::Refused)) {
        note("callback", *problem == domain::DueProblem::InPast
                             ? "This date has passed. A callback needs today or a later date."
                             : due_problem_msgid(*problem));
      }
      callback = due;
    }
  }
  auto target = fields.get("target").value_or("new");
  if (target != "new" && target != "existing") note("target", kIncompleteMsgid);
  if (form.existing) {
    if (is_blank(form.case_number)) {
      note("case_number", "Enter the case number, such as DE-2026-0042.");
    }
  } else {
    new_case.emplace();
    new_case->metadata = form.metadata;
    if (!domain::parse_origin(fields.get("origin").value_or(""))) {
      note("origin", "Choose the person's origin from the list.");
    }
    for (auto const& [name, value] : fields.fields) {
      if (name == "topic" && !domain::parse_topic(value)) {
        note("topics", "A topic is not known. Choose from the list.");
      } else if (name == "urgency" && !domain::parse_urgency(value)) {
        note("urgency", "An urgency flag is not known. Choose from the list.");
      }
    }
    auto const& country = form.metadata.current_country;
    if (!country.empty() && !domain::is_known_country(country)) {
      note("country",
           "The country is not a known two-letter code, such as DE or GE. Leave it empty if it "
           "is not known.");
    }
    if (form.take) new_case->metadata.assignee = staff.actor.user_id();
    new_case->alias = form.alias;
    new_case->default_alias = translate(site, language, "Caller {number}");
  }
  if (!form.problems.empty() || !id) return std::nullopt;
  return app::HotlineCall{.form = *id,
                          .caller_number = form.number,
                          .language = form.language,
                          .minutes = minutes,
                          .summary = form.summary,
                          .callback = callback,
                          .new_case = std::move(new_case),
                          .case_number = form.existing ? form.case_number : std::string()};
}

// The field a refusal of app::HotlineCalls belongs to and what it says there; nullopt for
// a refusal that is not about the form.
std::optional<std::pair<std::string, std::string>> field_problem(SiteParts const& site,
                                                                 Language language,
                                                                 Error const& failure) {
  if (failure.code == ErrorCode::PermissionDenied && failure.detail == app::kNoOrgKeyGrant) {
    return std::pair{std::string(), translate(site, language, kNoCaseAccessMsgid)};
  }
  if (failure.code == ErrorCode::Conflict) {
    std::string_view msgid = failure.detail == app::kCallAlreadyLogged
                                 ? "This call was saved already. You find it among the cases."
                                 : "The case was changed meanwhile. Please save again.";
    return std::pair{std::string(), translate(site, language, msgid)};
  }
  if (failure.code != ErrorCode::InvalidInput) return std::nullopt;
  if (failure.detail == app::kBadPhone || failure.detail == app::kTooManyHandles) {
    return std::pair{std::string("number"), *person_problem(site, language, failure.detail)};
  }
  if (failure.detail == app::kBadAlias) {
    return std::pair{std::string("alias"), *person_problem(site, language, failure.detail)};
  }
  struct Row {
    std::string_view detail, field, msgid;
  };
  static constexpr Row kRows[] = {
      {app::kBadCallSummary, "summary",
       "The summary is too long or holds characters that cannot be stored. Shorten it and try "
       "again."},
      {app::kBadCallMinutes, "minutes",
       "Enter the duration as whole minutes from 0 to 600, or leave it empty."},
      {app::kUnknownCaseNumber, "case_number",
       "No case of your organisation has this number. Check it, or log the call as a new case."},
      {app::kBadCallback, "callback", "This date cannot be used for a callback. Check it."},
  };
  for (Row const& row : kRows) {
    if (row.detail == failure.detail) {
      return std::pair{std::string(row.field), translate(site, language, row.msgid)};
    }
  }
  // The metadata the domain refuses (domain::validate): the form as a whole.
  return std::pair{std::string(), translate(site, language, kIncompleteMsgid)};
}

unsigned status_of(Error const& failure) {
  if (failure.code == ErrorCode::PermissionDenied) return 403;
  if (failure.code == ErrorCode::Conflict) return 409;
  return 400;
}

// "Check number": the earlier cases holding the typed number, nothing saved.
http::Response check_number(SiteParts const& site, http::Request const& request,
                            app::SignedInStaff const& staff, domain::OrgId const& org,
                            CallForm& form) {
  Language language = staff_language(request, staff);
  if (!app::CallFormId::parse(form.form_id)) {
    form.form_id = site.hotline->new_form_id().str();
  }
  if (is_blank(form.number)) {
    form.problems["number"] = translate(site, language, "Enter a number to check.");
    return render_call_form(site, request, staff, org, form, 400);
  }
  auto earlier = site.hotline->called_before(staff.actor, org, form.number);
  if (!earlier) {
    auto problem = field_problem(site, language, earlier.error());
    if (!problem) return respond_with_error(request, earlier.error());
    form.problems[problem->first] = problem->second;
    return render_call_form(site, request, staff, org, form, status_of(earlier.error()));
  }
  form.earlier = std::move(earlier).value();
  return render_call_form(site, request, staff, org, form, 200);
}

// The organisation in the path, if the member may log calls there (create its cases): who
// may not gets the same 404 as for an unknown or malformed organisation id.
Result<domain::OrgId> org_for_calls(http::Request const& request, app::SignedInStaff const& staff) {
  auto org = org_in_path(request);
  if (!org) return org;
  if (auto allowed = app::authorise(staff.actor, app::Action::CreateCase, *org); !allowed) {
    return std::move(allowed).error();
  }
  return org;
}

}  // namespace

std::string new_call_path(domain::OrgId const& org) {
  return "/staff/orgs/" + org.str() + "/calls/new";
}

http::Response show_new_call(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff) {
  if (site.hotline == nullptr) return not_found();
  auto org = org_for_calls(request, staff);
  if (!org) return respond_with_error(request, org.error());
  CallForm form;
  form.form_id = site.hotline->new_form_id().str();
  form.language = staff_language(request, staff);
  return render_call_form(site, request, staff, *org, form, 200);
}

http::Response log_call(SiteParts const& site, http::Request& request,
                        app::SignedInStaff const& staff) {
  if (site.hotline == nullptr) return not_found();
  auto org = org_for_calls(request, staff);
  if (!org) return respond_with_error(request, org.error());
  auto fields = http::parse_form(request);
  if (!fields) return respond_with_error(request, fields.error());
  Language language = staff_language(request, staff);
  CallForm form = typed_form(*fields, language);
  if (fields->get("action") == "check") return check_number(site, request, staff, *org, form);
  auto call = read_call(site, language, *fields, form, staff);
  if (!call) {
    // A form without its one-time id gets a new one, so the next submission can save.
    if (!app::CallFormId::parse(form.form_id)) {
      form.form_id = site.hotline->new_form_id().str();
    }
    return render_call_form(site, request, staff, *org, form, 400);
  }
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  auto logged = site.hotline->log_call(staff.actor, *reader, *org, *call);
  if (!logged) {
    auto problem = field_problem(site, language, logged.error());
    if (!problem) return respond_with_error(request, logged.error());
    form.problems[problem->first] = problem->second;
    return render_call_form(site, request, staff, *org, form, status_of(logged.error()));
  }
  return see_other_private(case_path(*org, logged->record.id));
}

}  // namespace haven::web

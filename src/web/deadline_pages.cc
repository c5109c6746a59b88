#include "web/deadline_pages.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/case_deadlines.h"
#include "core/utc_time.h"
#include "domain/deadline.h"
#include "http/form.h"
#include "i18n/placeholders.h"
#include "web/case_page.h"
#include "web/case_request.h"
#include "web/case_words.h"
#include "web/error_response.h"
#include "web/staff_pages.h"
#include "web/staff_session.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::Language;

std::string_view kind_msgid(domain::DeadlineKind kind) {
  switch (kind) {
    case domain::DeadlineKind::AsylumHearing:
      return "Asylum hearing";
    case domain::DeadlineKind::AppealDeadline:
      return "Appeal deadline";
    case domain::DeadlineKind::Callback:
      return "Callback";
    case domain::DeadlineKind::DocumentExpiry:
      return "Document expiry";
    case domain::DeadlineKind::Other:
      return "Other deadline";
  }
  return "Other deadline";
}

std::string_view problem_msgid(domain::DueProblem problem) {
  switch (problem) {
    case domain::DueProblem::BadDay:
      return "This date does not exist. Enter it as year-month-day, for example 2026-03-14.";
    case domain::DueProblem::BadTime:
      return "Enter the time as hours and minutes, for example 09:30, or leave it empty.";
    case domain::DueProblem::TimeNotAllowed:
      return "Only a callback has a time of day. Leave the time empty for this kind.";
    case domain::DueProblem::InPast:
      return "This date has passed. Tick the box below to record it anyway.";
    case domain::DueProblem::TooFarBack:
      return "This date is more than a year ago. Check the year.";
    case domain::DueProblem::TooFarAhead:
      return "This date is more than ten years ahead. Check the year.";
  }
  return "The form was incomplete. Please try again.";
}

// "2026-03-14" or "2026-03-14 09:30 UTC".
std::string due_text(domain::DueDate const& due) {
  std::string text = domain::format_day(due.day);
  if (due.time) text += " " + domain::format_time_of_day(*due.time) + " UTC";
  return text;
}

std::string_view who(app::SignedInStaff const& staff, std::optional<domain::UserId> const& user) {
  if (!user) return "system";
  return user == staff.actor.user_id() ? "me" : "a colleague";
}

mustache::object deadline_row(SiteParts const& site, Language language,
                              app::SignedInStaff const& staff, std::string const& case_href,
                              domain::Day today, app::CaseDeadline const& deadline) {
  mustache::object row;
  row["id"] = deadline.id.str();
  row["kind"] = translate(site, language, kind_msgid(deadline.kind));
  row["due"] = due_text(deadline.due);
  row["done_href"] = case_href + "/deadlines/" + deadline.id.str() + "/done";
  row["has_note"] = !deadline.note.empty();
  row["note"] = deadline.note;
  row["note_unreadable"] = deadline.note_unreadable;
  row["done"] = deadline.is_done();
  if (deadline.done_at) {
    row["done_text"] =
        i18n::fill_placeholders(translate(site, language, "Done {date} by {who}"),
                                {{"date", format_utc_minute(*deadline.done_at)},
                                 {"who", translate(site, language, who(staff, deadline.done_by))}});
    return row;
  }
  auto bucket = domain::bucket_of(deadline.due.day, today);
  row["overdue"] = bucket == domain::DueBucket::Overdue;
  row["due_today"] = bucket == domain::DueBucket::Today;
  return row;
}

// The draft from a posted form; the typed words, unparsed.
DeadlineDraft draft_of(http::Form const& form) {
  DeadlineDraft draft;
  draft.kind = std::string(form.get("kind").value_or(""));
  draft.day = std::string(form.get("day").value_or(""));
  draft.time = std::string(form.get("time").value_or(""));
  draft.note = with_unix_newlines(form.get("note").value_or(""));
  draft.past_confirmed = form.get("past") == "yes";
  return draft;
}

// The request the draft makes, or the msgid of what is wrong with it (offer_past set when
// only the confirmation is missing).
struct ParsedDraft {
  std::optional<app::NewDeadline> request;
  std::string_view problem;
};

ParsedDraft parse_draft(DeadlineDraft& draft, domain::Day today) {
  auto kind = domain::parse_deadline_kind(draft.kind);
  if (!kind) return {std::nullopt, "Choose what kind of deadline this is."};
  if (draft.day.empty()) return {std::nullopt, "Enter the date when it falls due."};
  auto day = domain::parse_day(draft.day);
  if (!day) return {std::nullopt, problem_msgid(domain::DueProblem::BadDay)};
  domain::DueDate due{.day = *day, .time = std::nullopt};
  if (!draft.time.empty()) {
    due.time = domain::parse_time_of_day(draft.time);
    if (!due.time) return {std::nullopt, problem_msgid(domain::DueProblem::BadTime)};
  }
  auto past = draft.past_confirmed ? domain::PastDue::Allowed : domain::PastDue::Refused;
  if (auto problem = domain::check_due(*kind, due, today, past)) {
    draft.offer_past = *problem == domain::DueProblem::InPast;
    return {std::nullopt, problem_msgid(*problem)};
  }
  if (draft.note.size() > 4 * domain::kMaxDeadlineNoteChars) {
    return {std::nullopt, "The note is too long. Keep it under 2,000 characters."};
  }
  // A note of only spaces and line breaks is no note.
  std::string note = is_blank(draft.note) ? std::string() : draft.note;
  return {app::NewDeadline{.kind = *kind, .due = due, .note = std::move(note), .past = past}, {}};
}

http::Response refuse_draft(SiteParts const& site, http::Request const& request,
                            app::SignedInStaff const& staff, domain::OrgId const& org,
                            domain::CaseId const& id, DeadlineDraft draft, std::string_view msgid) {
  Language language = staff_language(request, staff);
  draft.problem = translate(site, language, msgid);
  CaseFeedback feedback;
  feedback.deadline = std::move(draft);
  return render_case(site, request, staff, org, id, feedback, 400);
}

void add_agenda_group(SiteParts const& site, Language language, std::string_view title,
                      std::int64_t count, std::vector<app::AgendaLine> const& lines,
                      domain::OrgId const& org, mustache::list& groups) {
  mustache::object group;
  group["title"] = translate(site, language, title);
  group["count"] =
      site.catalog.translate_plural(language, "{count} deadline", "{count} deadlines", count);
  mustache::list items;
  for (app::AgendaLine const& line : lines) {
    mustache::object item;
    item["href"] = case_path(org, line.case_id);
    item["number"] = line.case_number;
    item["kind"] = translate(site, language, kind_msgid(line.kind));
    item["due"] = due_text(line.due);
    items.emplace_back(std::move(item));
  }
  auto hidden = count - static_cast<std::int64_t>(lines.size());
  if (hidden > 0) {
    group["more"] = site.catalog.translate_plural(
        language, "{count} more is not shown: see the overdue queue and your cases.",
        "{count} more are not shown: see the overdue queue and your cases.", hidden);
  }
  group["has_items"] = !items.empty();
  group["items"] = items;
  groups.emplace_back(std::move(group));
}

}  // namespace

void add_case_deadlines(SiteParts const& site, Language language, app::SignedInStaff const& staff,
                        vault::Keypair const& reader, domain::OrgId const& org,
                        domain::CaseId const& id, DeadlineDraft const& draft,
                        mustache::data& data) {
  if (site.deadlines == nullptr) return;
  auto listed = site.deadlines->list(staff.actor, reader, org, id);
  if (!listed) return;
  std::string href = case_path(org, id);
  auto today = site.deadlines->today();
  mustache::list open;
  mustache::list done;
  for (app::CaseDeadline const& deadline : *listed) {
    auto row = deadline_row(site, language, staff, href, today, deadline);
    (deadline.is_done() ? done : open).emplace_back(std::move(row));
  }
  data.set("has_deadlines_section", true);
  data.set("has_open_deadlines", !open.empty());
  data.set("open_deadlines", open);
  data.set("has_done_deadlines", !done.empty());
  data.set("done_deadlines", done);
  auto kind = domain::parse_deadline_kind(draft.kind);
  data.set("deadline_kinds", choices(site, language, domain::kDeadlineKinds, kind_msgid,
                                     [&](domain::DeadlineKind k) { return kind == k; }));
  data.set("deadline_day", draft.day);
  data.set("deadline_time", draft.time);
  data.set("deadline_note", draft.note);
  data.set("deadline_offer_past", draft.offer_past);
  data.set("deadline_past_confirmed", draft.past_confirmed);
  if (!draft.problem.empty()) data.set("deadline_problem", draft.problem);
}

std::string_view due_problem_msgid(domain::DueProblem problem) { return problem_msgid(problem); }

http::Response set_case_deadline(SiteParts const& site, http::Request& request,
                                 app::SignedInStaff const& staff) {
  if (site.cases == nullptr || site.deadlines == nullptr) return not_found();
  auto post = read_case_post(request);
  if (!post) return respond_with_error(request, post.error());
  DeadlineDraft draft = draft_of(post->form);
  auto parsed = parse_draft(draft, site.deadlines->today());
  if (!parsed.request) {
    return refuse_draft(site, request, staff, post->org, post->id, draft, parsed.problem);
  }
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  auto set = site.deadlines->set(staff.actor, *reader, post->org, post->id, *parsed.request);
  if (!set) {
    // The date passed the check above, so the note is what the service refused.
    auto note_refused = [&](Error const&) {
      return refuse_draft(site, request, staff, post->org, post->id, draft,
                          "The note is too long or holds characters that cannot be stored. "
                          "Shorten it and try again.");
    };
    return refusal_page(site, request, staff, post->org, set.error(),
                        {.invalid_input = note_refused});
  }
  return see_other_private(case_path(post->org, post->id));
}

http::Response mark_deadline_done(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff) {
  if (site.deadlines == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  auto id = case_in_path(request);
  if (!id) return respond_with_error(request, id.error());
  auto deadline = domain::DeadlineId::parse(request.param("deadline"));
  if (!deadline) {
    return respond_with_error(request, make_error(ErrorCode::NotFound, "bad deadline id"));
  }
  auto done = site.deadlines->mark_done(staff.actor, *org, *id, *deadline);
  if (!done) return respond_with_error(request, done.error());
  return see_other_private(case_path(*org, *id));
}

void add_agenda(SiteParts const& site, Language language, app::SignedInStaff const& staff,
                mustache::data& data) {
  if (site.deadlines == nullptr) return;
  auto agenda = site.deadlines->agenda(staff.actor);
  if (!agenda || agenda->organisations.empty()) return;
  mustache::list parts;
  for (app::OrgAgenda const& part : agenda->organisations) {
    mustache::object item;
    item["organisation"] = organisation_name(site, staff, part.org);
    mustache::list groups;
    add_agenda_group(site, language, "Overdue", part.counts.overdue, part.overdue, part.org,
                     groups);
    add_agenda_group(site, language, "Today", part.counts.today, part.today, part.org, groups);
    add_agenda_group(site, language, "This week", part.counts.this_week, part.this_week, part.org,
                     groups);
    item["groups"] = groups;
    item["overdue_href"] = cases_path(part.org) + "?queue=overdue";
    parts.emplace_back(std::move(item));
  }
  data.set("has_agenda", true);
  data.set("agenda_today", domain::format_day(agenda->today));
  data.set("agenda", parts);
}

}  // namespace haven::web

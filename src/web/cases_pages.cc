#include "web/cases_pages.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/case_service.h"
#include "app/policy.h"
#include "core/utc_time.h"
#include "domain/organisation.h"
#include "http/form.h"
#include "web/case_page.h"
#include "web/case_person.h"
#include "web/case_request.h"
#include "web/case_words.h"
#include "web/error_response.h"
#include "web/hotline_pages.h"
#include "web/staff_pages.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::Language;

constexpr std::size_t kCasesPerPage = 50;
// A queue lists its first app::kQueueCountCap cases; past them, the filters narrow it.
constexpr std::size_t kMaxQueuePages = app::kQueueCountCap / kCasesPerPage;

// The queues of issue 4 §5, in the order of their tabs.
enum class Queue { Mine, Unassigned, Urgent, Overdue, Waiting, Open, All };
struct QueueSpec {
  Queue queue;
  std::string_view word;   // ?queue=
  std::string_view msgid;  // the tab's label
};
constexpr QueueSpec kQueues[] = {
    {Queue::Mine, "mine", "My cases"},      {Queue::Unassigned, "unassigned", "Unassigned"},
    {Queue::Urgent, "urgent", "Urgent"},    {Queue::Overdue, "overdue", "Overdue"},
    {Queue::Waiting, "waiting", "Waiting"}, {Queue::Open, "open", "Open cases"},
    {Queue::All, "all", "All cases"},
};

// The filters of a queue page as typed in the URL; the typed words go back into the links.
struct Filters {
  std::optional<domain::CaseStatus> status;
  std::optional<domain::Topic> topic;
  std::optional<domain::Channel> channel;
  std::string query;  // "&status=…&topic=…" for the tab and page links
};

// What the new case form holds: the typed values survive a refused submission.
struct CaseForm {
  domain::CaseMetadata metadata;
  std::string summary;
  // The person, optional on a new case (web/case_person.h): alias, one phone, one email.
  std::string alias;
  std::string phone;
  std::string email;
  std::string problem;
};

// The page number of ?page=N (from 1); 1 when absent or not a small positive number.
std::size_t page_in_query(http::Request const& request) {
  constexpr std::size_t kMaxPage = 1'000'000;
  auto text = request.query_value("page");
  if (!text || text->empty()) return 1;
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return 1;
  return value >= 1 && value <= kMaxPage ? value : 1;
}

// A filter of the URL: nullopt when absent or empty; `bad` set for a word parse refuses.
template <class Parse>
auto filter_in_query(http::Request const& request, std::string_view name, Parse parse,
                     Filters& filters, bool& bad) -> decltype(parse(std::string_view{})) {
  auto text = request.query_value(name);
  if (!text || text->empty()) return std::nullopt;
  auto value = parse(*text);
  if (!value) {
    bad = true;
    return std::nullopt;
  }
  filters.query += "&" + std::string(name) + "=" + std::string(*text);
  return value;
}

// `org` is the URL's; CaseService::list decides by its own argument anyway.
app::CaseQuery query_for(domain::OrgId const& org, Queue queue, Filters const& filters,
                         app::SignedInStaff const& staff) {
  app::CaseQuery query{.org = org,
                       .assignee = std::nullopt,
                       .status = filters.status,
                       .topic = filters.topic,
                       .channel = filters.channel};
  query.order = app::CaseQuery::Order::RecentlyUpdated;
  switch (queue) {
    case Queue::Mine:
      query.assignee = staff.actor.user_id();
      query.open_only = true;
      break;
    case Queue::Unassigned:
      query.unassigned_only = true;
      query.open_only = true;
      break;
    case Queue::Urgent:
      // Whoever waits longest comes first.
      query.urgent_only = true;
      query.open_only = true;
      query.order = app::CaseQuery::Order::OldestFirst;
      break;
    case Queue::Overdue:
      // An open deadline before today (UTC) on a case still open; longest waiting first.
      query.overdue_only = true;
      query.open_only = true;
      query.order = app::CaseQuery::Order::OldestFirst;
      break;
    case Queue::Waiting:
      // Waiting for the person or for an authority.
      query.waiting_only = true;
      break;
    case Queue::Open:
      query.open_only = true;
      break;
    case Queue::All:
      break;
  }
  return query;
}

std::string notice_in_query(SiteParts const& site, http::Request const& request,
                            Language language) {
  auto done = request.query_value("done");
  if (done == "created") return translate(site, language, "The case was created.");
  if (done == "taken") return translate(site, language, "The case is now yours.");
  if (done == "assigned") return translate(site, language, "The assignment was changed.");
  return {};
}

http::Response render_new_case(SiteParts const& site, http::Request const& request,
                               app::SignedInStaff const& staff, domain::OrgId const& org,
                               CaseForm const& form, unsigned status) {
  Language language = staff_language(request, staff);
  auto data = layout_data(request);
  std::string base = cases_path(org);
  if (!request.csrf_token.empty()) data.set("next", base + "/new");
  data.set("cases_href", base);
  if (!form.problem.empty()) data.set("problem", form.problem);
  domain::CaseMetadata const& typed = form.metadata;
  data.set("channels", choices(site, language, domain::kChannels, channel_msgid,
                               [&](auto value) { return typed.channel == value; }));
  data.set("origins", choices(site, language, domain::kOrigins, origin_msgid,
                              [&](auto value) { return typed.origin == value; }));
  data.set("topics", choices(site, language, domain::kTopics, topic_msgid,
                             [&](auto value) { return typed.topics.contains(value); }));
  data.set("urgencies", choices(site, language, domain::kUrgencies, urgency_msgid,
                                [&](auto value) { return typed.urgency.contains(value); }));
  data.set("languages", language_choices(typed.language));
  data.set("country", typed.current_country);
  data.set("summary", form.summary);
  data.set("person_fields", site.case_people != nullptr);
  data.set("alias", form.alias);
  data.set("phone", form.phone);
  data.set("email", form.email);
  return render_private_page(site, Page::NewCase, language, data, status);
}

// Reads the form into `form`; the msgid of the first problem, or empty.
std::string_view read_case_form(http::Form const& fields, CaseForm& form) {
  std::string_view problem;
  auto note = [&](std::string_view msgid) {
    if (problem.empty()) problem = msgid;
  };
  domain::CaseMetadata& metadata = form.metadata;
  form.summary = with_unix_newlines(fields.get("summary").value_or(""));
  std::string country(fields.get("country").value_or(""));
  for (char& c : country) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  metadata.current_country = country;
  if (auto channel = domain::parse_channel(fields.get("channel").value_or(""))) {
    metadata.channel = *channel;
  } else {
    note("Choose a channel from the list.");
  }
  if (auto origin = domain::parse_origin(fields.get("origin").value_or(""))) {
    metadata.origin = *origin;
  } else {
    note("Choose the person's origin from the list.");
  }
  if (auto language = domain::parse_language(fields.get("language").value_or(""))) {
    metadata.language = *language;
  } else {
    note("Choose a language from the list.");
  }
  for (auto const& [name, value] : fields.fields) {
    if (name == "topic") {
      auto topic = domain::parse_topic(value);
      topic ? metadata.topics.insert(*topic) : note("A topic is not known. Choose from the list.");
    } else if (name == "urgency") {
      auto urgency = domain::parse_urgency(value);
      urgency ? metadata.urgency.insert(*urgency)
              : note("An urgency flag is not known. Choose from the list.");
    }
  }
  if (!country.empty() && !domain::is_known_country(country)) {
    note(
        "The country is not a known two-letter code, such as DE or GE. Leave it empty if it is "
        "not known.");
  }
  if (is_blank(form.summary)) {
    note("Write a short summary of what the person needs.");
  }
  return problem;
}

}  // namespace

namespace {

std::string_view assignee_msgid(domain::Case const& record, app::SignedInStaff const& staff) {
  if (!record.metadata.assignee) return "unassigned";
  return record.metadata.assignee == staff.actor.user_id() ? "me" : "assigned";
}

}  // namespace

mustache::object case_row(SiteParts const& site, Language language, app::SignedInStaff const& staff,
                          domain::Case const& record, bool can_take) {
  mustache::object row;
  row["id"] = record.id.str();
  row["number"] = record.number;
  row["status"] = translate(site, language, status_msgid(record.metadata.status));
  row["channel"] = translate(site, language, channel_msgid(record.metadata.channel));
  row["topics"] = flag_names(site, language, record.metadata.topics, domain::kTopics, topic_msgid);
  auto urgency =
      flag_names(site, language, record.metadata.urgency, domain::kUrgencies, urgency_msgid);
  row["urgent"] = !urgency.empty();
  row["urgency"] = urgency;
  row["country"] = record.metadata.current_country.empty() ? translate(site, language, "not known")
                                                           : record.metadata.current_country;
  row["assignee"] = translate(site, language, assignee_msgid(record, staff));
  row["created"] = format_utc_minute(record.created_at);
  row["updated"] = format_utc_minute(record.updated_at);
  row["version"] = std::to_string(record.version);
  row["can_take"] = can_take && !record.metadata.assignee;
  return row;
}

http::Response render_case_queue(SiteParts const& site, http::Request const& request,
                                 app::SignedInStaff const& staff, domain::OrgId const& org,
                                 std::string_view problem, unsigned status) {
  Language language = staff_language(request, staff);
  auto data = layout_data(request);
  std::string base = cases_path(org);
  if (!request.csrf_token.empty()) data.set("next", base);
  data.set("cases_href", base);
  data.set("notice", notice_in_query(site, request, language));

  Filters filters;
  bool bad_filter = false;
  filters.status =
      filter_in_query(request, "status", domain::parse_case_status, filters, bad_filter);
  filters.topic = filter_in_query(request, "topic", domain::parse_topic, filters, bad_filter);
  filters.channel = filter_in_query(request, "channel", domain::parse_channel, filters, bad_filter);
  // A plain enum and a flag, not std::optional<Queue>: g++ 12 at -O2 warns that the
  // optional's value may be used uninitialised (-Wmaybe-uninitialized, a false positive).
  Queue queue = Queue::Mine;
  bool known_queue = true;
  if (auto word = request.query_value("queue"); word && !word->empty()) {
    known_queue = false;
    for (QueueSpec const& spec : kQueues) {
      if (spec.word == *word) {
        queue = spec.queue;
        known_queue = true;
      }
    }
  }
  if (bad_filter || !known_queue) {
    problem = "This filter is not known. Choose from the lists below.";
    status = 400;
    filters = Filters{};
    queue = Queue::Mine;
  }
  if (!problem.empty()) data.set("problem", translate(site, language, problem));

  std::size_t page = std::min(page_in_query(request), kMaxQueuePages);
  auto query = query_for(org, queue, filters, staff);
  query.limit = kCasesPerPage;
  query.offset = (page - 1) * kCasesPerPage;
  std::vector<app::CaseQuery> tab_queries;
  for (QueueSpec const& spec : kQueues) {
    tab_queries.push_back(query_for(org, spec.queue, filters, staff));
  }
  auto view = site.cases->queue(staff.actor, org, query, std::move(tab_queries));
  if (!view) return respond_with_error(request, view.error());

  mustache::list tabs;
  std::string_view current_word;
  for (std::size_t i = 0; i < std::size(kQueues); ++i) {
    QueueSpec const& spec = kQueues[i];
    std::int64_t count = view->tab_counts.at(i);
    mustache::object tab;
    tab["href"] = base + "?queue=" + std::string(spec.word) + filters.query;
    tab["name"] = translate(site, language, spec.msgid);
    tab["count"] =
        count > app::kQueueCountCap
            ? site.catalog.translate_plural(language, "more than {count} case",
                                            "more than {count} cases", app::kQueueCountCap)
            : site.catalog.translate_plural(language, "{count} case", "{count} cases", count);
    tab["current"] = spec.queue == queue;
    if (spec.queue == queue) current_word = spec.word;
    tabs.emplace_back(std::move(tab));
  }
  data.set("tabs", tabs);

  bool can_take = app::authorise(staff.actor, app::Action::AssignCase, org).ok();
  mustache::list rows;
  for (domain::Case const& record : view->cases) {
    rows.emplace_back(case_row(site, language, staff, record, can_take));
  }
  data.set("cases", rows);
  data.set("has_cases", !view->cases.empty());
  std::string page_base = base + "?queue=" + std::string(current_word) + filters.query;
  if (page > 1) data.set("previous_href", page_base + "&page=" + std::to_string(page - 1));
  if (view->more && page < kMaxQueuePages) {
    data.set("next_href", page_base + "&page=" + std::to_string(page + 1));
  } else if (view->more) {
    data.set("list_ends", true);
  }
  data.set("queue", std::string(current_word));
  data.set("statuses", choices(site, language, domain::kCaseStatuses, status_msgid,
                               [&](auto value) { return filters.status == value; }));
  data.set("topics", choices(site, language, domain::kTopics, topic_msgid,
                             [&](auto value) { return filters.topic == value; }));
  data.set("channels", choices(site, language, domain::kChannels, channel_msgid,
                               [&](auto value) { return filters.channel == value; }));
  if (staff.actor.user_id()) data.set("me", staff.actor.user_id()->str());
  data.set("can_create", app::authorise(staff.actor, app::Action::CreateCase, org).ok());
  if (site.hotline != nullptr) data.set("calls_href", new_call_path(org));
  return render_private_page(site, Page::Cases, language, data, status);
}

http::Response show_cases(SiteParts const& site, http::Request& request,
                          app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  return render_case_queue(site, request, staff, *org, {}, 200);
}

http::Response assign_case(SiteParts const& site, http::Request& request,
                           app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  auto id = case_in_path(request);
  if (!id) return respond_with_error(request, id.error());
  auto form = http::parse_form(request);
  if (!form) return respond_with_error(request, form.error());
  auto version = version_in(*form);
  std::optional<domain::UserId> assignee;
  std::string_view who = form->get("assignee").value_or("");
  if (!who.empty()) assignee = domain::UserId::parse(who);
  if (!version || (!who.empty() && !assignee)) {
    return render_case_queue(site, request, staff, *org,
                             "The form was incomplete. Please try again.", 400);
  }
  // The case page's form says so: its answers go back there.
  bool from_case = form->get("from") == "case";
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  auto change = site.cases->assign(staff.actor, *reader, *org, *id, *version, assignee);
  if (!change.result) {
    auto changed_meanwhile = [&](Error const&) {
      if (from_case) {
        return render_refused_change(
            site, request, staff, *org, *id, change,
            translate(site, staff_language(request, staff), assignee ? "Assign" : "Give back"));
      }
      return render_case_queue(
          site, request, staff, *org,
          "This case was changed meanwhile. Look at it again before you change it.", 409);
    };
    auto not_assignable = [&](Error const&) {
      return render_case_queue(site, request, staff, *org,
                               "This person cannot be assigned to the case.", 400);
    };
    return refusal_page(site, request, staff, *org, change.result.error(),
                        {.invalid_input = not_assignable, .conflict = changed_meanwhile});
  }
  bool taken = assignee && assignee == staff.actor.user_id();
  return see_other_private(from_case ? case_path(*org, *id)
                                     : cases_path(*org) +
                                           (taken ? "?queue=mine&done=taken" : "?done=assigned"));
}

http::Response show_new_case(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  // Who may not create cases here gets the same 404 as for an unknown organisation.
  if (auto allowed = app::authorise(staff.actor, app::Action::CreateCase, *org); !allowed) {
    return respond_with_error(request, allowed.error());
  }
  CaseForm form;
  form.metadata.language = staff_language(request, staff);
  return render_new_case(site, request, staff, *org, form, 200);
}

http::Response create_case(SiteParts const& site, http::Request& request,
                           app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  if (auto allowed = app::authorise(staff.actor, app::Action::CreateCase, *org); !allowed) {
    return respond_with_error(request, allowed.error());
  }
  auto fields = http::parse_form(request);
  if (!fields) return respond_with_error(request, fields.error());
  Language language = staff_language(request, staff);
  CaseForm form;
  form.alias = std::string(fields->get("alias").value_or(""));
  form.phone = std::string(fields->get("phone").value_or(""));
  form.email = std::string(fields->get("email").value_or(""));
  if (auto problem = read_case_form(*fields, form); !problem.empty()) {
    form.problem = translate(site, language, problem);
    return render_new_case(site, request, staff, *org, form, 400);
  }
  auto reader = reader_key(site, request, staff);
  if (!reader) return respond_with_error(request, reader.error());
  app::NewCase new_case{.metadata = form.metadata, .summary = form.summary};
  bool with_person = site.case_people != nullptr &&
                     !(is_blank(form.alias) && is_blank(form.phone) && is_blank(form.email));
  auto created = with_person ? site.case_people->create_case(
                                   *site.cases, staff.actor, *reader, *org, new_case,
                                   new_case_person(form.alias, form.phone, form.email))
                             : site.cases->create(staff.actor, *reader, *org, new_case);
  if (!created) {
    // The person's fields or else the summary: the only free text of the form.
    auto form_refused = [&](Error const& failure) {
      form.problem = person_problem(site, language, failure.detail)
                         .value_or(translate(site, language,
                                             "The summary is too long or holds characters that "
                                             "cannot be stored. Shorten it and try again."));
      return render_new_case(site, request, staff, *org, form, 400);
    };
    auto no_key = [&] {
      form.problem = translate(site, language, kNoCaseAccessMsgid);
      return render_new_case(site, request, staff, *org, form, 403);
    };
    return refusal_page(site, request, staff, *org, created.error(),
                        {.invalid_input = form_refused, .no_key = no_key});
  }
  return see_other_private(cases_path(*org) + "?queue=all&done=created");
}

void add_case_queue_links(SiteParts const& site, app::SignedInStaff const& staff,
                          mustache::data& data) {
  mustache::list links;
  if (site.cases != nullptr) {
    for (domain::Membership const& membership : staff.actor.memberships()) {
      if (!app::authorise(staff.actor, app::Action::ViewCases, membership.org)) continue;
      mustache::object link;
      link["href"] = cases_path(membership.org);
      link["name"] = organisation_name(site, staff, membership.org);
      if (site.hotline != nullptr &&
          app::authorise(staff.actor, app::Action::CreateCase, membership.org)) {
        link["call_href"] = new_call_path(membership.org);
      }
      links.emplace_back(std::move(link));
    }
  }
  data.set("has_case_queues", !links.empty());
  data.set("case_queues", links);
}

}  // namespace haven::web

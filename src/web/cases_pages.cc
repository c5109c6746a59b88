#include "web/cases_pages.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/case_service.h"
#include "app/policy.h"
#include "core/utc_time.h"
#include "domain/organisation.h"
#include "http/form.h"
#include "i18n/placeholders.h"
#include "web/error_response.h"
#include "web/staff_pages.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::Language;

constexpr std::size_t kCasesPerPage = 50;

// The queues of issue 4 §5 that need no deadlines (overdue and waiting come with them).
enum class Queue { Mine, Unassigned, Urgent, Open, All };
struct QueueSpec {
  Queue queue;
  std::string_view word;   // ?queue=
  std::string_view msgid;  // the tab's label
};
constexpr QueueSpec kQueues[] = {
    {Queue::Mine, "mine", "My cases"},   {Queue::Unassigned, "unassigned", "Unassigned"},
    {Queue::Urgent, "urgent", "Urgent"}, {Queue::Open, "open", "Open cases"},
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
  std::string problem;
};

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

std::string cases_path(domain::OrgId const& org) { return "/staff/orgs/" + org.str() + "/cases"; }

// A malformed id is a page that does not exist: the same NotFound as another
// organisation's or a missing one.
Result<domain::OrgId> org_in_path(http::Request const& request) {
  auto org = domain::OrgId::parse(request.param("org"));
  if (!org) return make_error(ErrorCode::NotFound, "malformed organisation id");
  return *org;
}

std::string translate(SiteParts const& site, Language language, std::string_view msgid) {
  return site.catalog.translate(language, msgid);
}

std::string_view status_msgid(domain::CaseStatus status) {
  switch (status) {
    case domain::CaseStatus::New:
      return "New";
    case domain::CaseStatus::Open:
      return "Open";
    case domain::CaseStatus::WaitingForPerson:
      return "Waiting for the person";
    case domain::CaseStatus::WaitingForAuthority:
      return "Waiting for an authority";
    case domain::CaseStatus::Referred:
      return "Referred";
    case domain::CaseStatus::Closed:
      return "Closed";
  }
  return "Open";
}

std::string_view channel_msgid(domain::Channel channel) {
  switch (channel) {
    case domain::Channel::Hotline:
      return "Hotline";
    case domain::Channel::Email:
      return "Email";
    case domain::Channel::Web:
      return "Website";
    case domain::Channel::Messenger:
      return "Messenger";
    case domain::Channel::InPerson:
      return "In person";
  }
  return "Hotline";
}

std::string_view topic_msgid(domain::Topic topic) {
  switch (topic) {
    case domain::Topic::AvoidingConscription:
      return "Avoiding conscription";
    case domain::Topic::ConscientiousObjection:
      return "Conscientious objection, alternative service";
    case domain::Topic::Desertion:
      return "Desertion";
    case domain::Topic::Asylum:
      return "Asylum";
    case domain::Topic::ExtraditionOrDeportation:
      return "Extradition or deportation risk";
    case domain::Topic::LegalDefence:
      return "Legal defence";
    case domain::Topic::MaterialNeed:
      return "Material need";
    case domain::Topic::PsychologicalSupport:
      return "Psychological support";
  }
  return "Asylum";
}

std::string_view urgency_msgid(domain::Urgency urgency) {
  switch (urgency) {
    case domain::Urgency::Detained:
      return "Detained";
    case domain::Urgency::ExtraditionRisk:
      return "Extradition risk";
    case domain::Urgency::SummonsReceived:
      return "Summons received";
    case domain::Urgency::DeploymentImminent:
      return "Deployment imminent";
    case domain::Urgency::InHiding:
      return "In hiding";
    case domain::Urgency::Minor:
      return "Minor (under 18)";
  }
  return "Detained";
}

std::string_view origin_msgid(domain::Origin origin) {
  switch (origin) {
    case domain::Origin::Russia:
      return "Russia";
    case domain::Origin::Belarus:
      return "Belarus";
    case domain::Origin::Ukraine:
      return "Ukraine";
    case domain::Origin::Other:
      return "Another country";
    case domain::Origin::Unknown:
      return "Not known";
  }
  return "Not known";
}

// The translated names of the flags in `set`, in the order of `all`, joined by ", ".
template <class Flag, std::size_t N, class Msgid>
std::string flag_names(SiteParts const& site, Language language, domain::FlagSet<Flag> set,
                       std::array<Flag, N> const& all, Msgid msgid) {
  std::string out;
  for (Flag flag : all) {
    if (!set.contains(flag)) continue;
    if (!out.empty()) out += ", ";
    out += translate(site, language, msgid(flag));
  }
  return out;
}

// One <option>/<input> per value of `all`: value (the domain word), name, selected.
template <class Value, std::size_t N, class Msgid, class IsSelected>
mustache::list choices(SiteParts const& site, Language language, std::array<Value, N> const& all,
                       Msgid msgid, IsSelected is_selected) {
  mustache::list out;
  for (Value value : all) {
    mustache::object choice;
    choice["value"] = std::string(domain::to_string(value));
    choice["name"] = translate(site, language, msgid(value));
    choice["selected"] = is_selected(value);
    out.emplace_back(std::move(choice));
  }
  return out;
}

std::string_view entry_kind_msgid(domain::EntryKind kind) {
  switch (kind) {
    case domain::EntryKind::Note:
      return "Note";
    case domain::EntryKind::Call:
      return "Call";
    case domain::EntryKind::MessageIn:
      return "Message from the person";
    case domain::EntryKind::MessageOut:
      return "Message to the person";
    case domain::EntryKind::Document:
      return "Document";
    case domain::EntryKind::StatusChange:
      return "Status change";
    case domain::EntryKind::Assignment:
      return "Assignment";
  }
  return "Note";
}

std::string_view outcome_msgid(domain::Outcome outcome) {
  switch (outcome) {
    case domain::Outcome::Resolved:
      return "Resolved";
    case domain::Outcome::ReferredElsewhere:
      return "Referred elsewhere";
    case domain::Outcome::ContactLost:
      return "Contact lost";
    case domain::Outcome::PersonWithdrew:
      return "The person withdrew";
    case domain::Outcome::OutOfScope:
      return "Out of scope";
    case domain::Outcome::Duplicate:
      return "Duplicate";
  }
  return "Resolved";
}

std::string case_path(domain::OrgId const& org, domain::CaseId const& id) {
  return cases_path(org) + "/" + id.str();
}

// What a change page shows above the case: a problem, and after a stale version what the
// reader asked for next to how the case stands now (CaseChange::current).
struct CaseFeedback {
  std::string problem;
  std::string submitted;
  std::optional<domain::Case> current;
};

std::string version_text(std::int64_t version) { return std::to_string(version); }

http::Response render_page(SiteParts const& site, Page page, Language language,
                           mustache::data const& data, unsigned status) {
  auto response = http::Response::html(site.pages->render(page, language, data), status);
  response.headers.set("Content-Language", std::string(domain::code(language)));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

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
    case Queue::Open:
      query.open_only = true;
      break;
    case Queue::All:
      break;
  }
  return query;
}

std::string_view assignee_msgid(domain::Case const& record, app::SignedInStaff const& staff) {
  if (!record.metadata.assignee) return "unassigned";
  return record.metadata.assignee == staff.actor.user_id() ? "me" : "assigned";
}

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

std::string notice_in_query(SiteParts const& site, http::Request const& request,
                            Language language) {
  auto done = request.query_value("done");
  if (done == "created") return translate(site, language, "The case was created.");
  if (done == "taken") return translate(site, language, "The case is now yours.");
  if (done == "assigned") return translate(site, language, "The assignment was changed.");
  return {};
}

// The queue page; `problem` (a msgid) above it and `status` 4xx when it answers a refusal.
http::Response render_cases(SiteParts const& site, http::Request const& request,
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

  mustache::list tabs;
  std::string_view current_word;
  for (QueueSpec const& spec : kQueues) {
    auto query = query_for(org, spec.queue, filters, staff);
    query.limit = 1;
    auto counted = site.cases->list(staff.actor, org, query);
    if (!counted) return respond_with_error(request, counted.error());
    mustache::object tab;
    tab["href"] = base + "?queue=" + std::string(spec.word) + filters.query;
    tab["name"] = translate(site, language, spec.msgid);
    tab["count"] =
        site.catalog.translate_plural(language, "{count} case", "{count} cases", counted->total);
    tab["current"] = spec.queue == queue;
    if (spec.queue == queue) current_word = spec.word;
    tabs.emplace_back(std::move(tab));
  }
  data.set("tabs", tabs);

  std::size_t page = page_in_query(request);
  auto query = query_for(org, queue, filters, staff);
  query.limit = kCasesPerPage;
  query.offset = (page - 1) * kCasesPerPage;
  auto listed = site.cases->list(staff.actor, org, query);
  if (!listed) return respond_with_error(request, listed.error());
  bool can_take = app::authorise(staff.actor, app::Action::AssignCase, org).ok();
  mustache::list rows;
  for (domain::Case const& record : listed->cases) {
    rows.emplace_back(case_row(site, language, staff, record, can_take));
  }
  data.set("cases", rows);
  data.set("has_cases", !listed->cases.empty());
  std::string page_base = base + "?queue=" + std::string(current_word) + filters.query;
  if (page > 1) data.set("previous_href", page_base + "&page=" + std::to_string(page - 1));
  if (static_cast<std::int64_t>(page * kCasesPerPage) < listed->total) {
    data.set("next_href", page_base + "&page=" + std::to_string(page + 1));
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
  return render_page(site, Page::Cases, language, data, status);
}

Result<vault::Keypair> reader_key(SiteParts const& site, http::Request const& request) {
  auto cookie = session_cookie(site, request);
  if (!cookie) return make_error(ErrorCode::Unauthenticated, "no cookie");
  return site.sessions->unlock_user_key(*cookie);
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
  mustache::list languages;
  for (Language value : domain::kLanguages) {
    mustache::object option;
    option["value"] = std::string(domain::code(value));
    option["name"] = std::string(domain::native_name(value));
    option["selected"] = value == typed.language;
    languages.emplace_back(std::move(option));
  }
  data.set("languages", languages);
  data.set("country", typed.current_country);
  data.set("summary", form.summary);
  return render_page(site, Page::NewCase, language, data, status);
}

// Browsers send textarea line breaks as CRLF; the service refuses a bare CR.
std::string with_unix_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out.push_back(text[i]);
  }
  return out;
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
  if (form.summary.find_first_not_of(" \t\n") == std::string::npos) {
    note("Write a short summary of what the person needs.");
  }
  return problem;
}

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

// The case with its timeline as `staff` may read it.
http::Response render_case(SiteParts const& site, http::Request const& request,
                           app::SignedInStaff const& staff, domain::OrgId const& org,
                           domain::CaseId const& id, CaseFeedback const& feedback,
                           unsigned status) {
  auto reader = reader_key(site, request);
  if (!reader) return respond_with_error(request, reader.error());
  app::EntryWindow window{.limit = app::kMaxTimelinePage, .offset = 0};
  auto opened = site.cases->open(staff.actor, *reader, org, id, window);
  if (!opened) {
    Error const& failure = opened.error();
    if (failure.code == ErrorCode::PermissionDenied && failure.detail == app::kNoOrgKeyGrant) {
      return render_cases(site, request, staff, org,
                          "You cannot work on cases yet: a coordinator must grant you access to "
                          "the organisation's key first.",
                          403);
    }
    return respond_with_error(request, failure);
  }
  domain::Case const& record = opened->record;
  Language language = staff_language(request, staff);
  auto data = layout_data(request);
  std::string href = case_path(org, id);
  if (!request.csrf_token.empty()) data.set("next", href);
  data.set("cases_href", cases_path(org));
  data.set("case_href", href);
  data.set("number", record.number);
  data.set("version", version_text(record.version));
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
  return render_page(site, Page::Case, language, data, status);
}

Result<domain::CaseId> case_in_path(http::Request const& request) {
  auto id = domain::CaseId::parse(request.param("case"));
  if (!id) return make_error(ErrorCode::NotFound, "malformed case id");
  return *id;
}

std::optional<std::int64_t> version_in(http::Form const& form) {
  std::int64_t version = 0;
  std::string_view typed = form.get("version").value_or("");
  auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), version);
  if (error != std::errc() || end != typed.data() + typed.size() || typed.empty()) {
    return std::nullopt;
  }
  return version;
}

// A refused change as the case page shows it: the stale version with both states, the
// missing grant, the workflow's refusal; anything else through the one error map.
http::Response render_refused_change(SiteParts const& site, http::Request const& request,
                                     app::SignedInStaff const& staff, domain::OrgId const& org,
                                     domain::CaseId const& id, app::CaseChange const& change,
                                     std::string submitted) {
  Error const& failure = change.result.error();
  Language language = staff_language(request, staff);
  CaseFeedback feedback;
  feedback.current = change.current;
  switch (failure.code) {
    case ErrorCode::Conflict:
      feedback.problem =
          translate(site, language,
                    "This case was changed meanwhile. Look at it again before you change it.");
      feedback.submitted = std::move(submitted);
      return render_case(site, request, staff, org, id, feedback, 409);
    case ErrorCode::InvalidInput:
      feedback.problem =
          translate(site, language, "This change is not possible from the case's current status.");
      return render_case(site, request, staff, org, id, feedback, 400);
    default:
      return respond_with_error(request, failure);
  }
}

}  // namespace

http::Response show_cases(SiteParts const& site, http::Request& request,
                          app::SignedInStaff const& staff) {
  if (site.cases == nullptr) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  return render_cases(site, request, staff, *org, {}, 200);
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
    return render_cases(site, request, staff, *org, "The form was incomplete. Please try again.",
                        400);
  }
  // The case page's form says so: its answers go back there.
  bool from_case = form->get("from") == "case";
  auto reader = reader_key(site, request);
  if (!reader) return respond_with_error(request, reader.error());
  auto change = site.cases->assign(staff.actor, *reader, *org, *id, *version, assignee);
  if (!change.result) {
    if (from_case && change.result.error().code == ErrorCode::Conflict) {
      return render_refused_change(
          site, request, staff, *org, *id, change,
          translate(site, staff_language(request, staff), assignee ? "Assign" : "Give back"));
    }
    Error const& failure = change.result.error();
    if (failure.code == ErrorCode::Conflict) {
      return render_cases(site, request, staff, *org,
                          "This case was changed meanwhile. Look at it again before you change it.",
                          409);
    }
    if (failure.code == ErrorCode::PermissionDenied && failure.detail == app::kNoOrgKeyGrant) {
      return render_cases(site, request, staff, *org,
                          "You cannot work on cases yet: a coordinator must grant you access to "
                          "the organisation's key first.",
                          403);
    }
    if (failure.code == ErrorCode::InvalidInput) {
      return render_cases(site, request, staff, *org, "This person cannot be assigned to the case.",
                          400);
    }
    return respond_with_error(request, failure);
  }
  bool taken = assignee && assignee == staff.actor.user_id();
  auto response = http::Response::see_other(
      from_case ? case_path(*org, *id)
                : cases_path(*org) + (taken ? "?queue=mine&done=taken" : "?done=assigned"));
  response.headers.set("Cache-Control", "no-store");
  return response;
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
  if (auto problem = read_case_form(*fields, form); !problem.empty()) {
    form.problem = translate(site, language, problem);
    return render_new_case(site, request, staff, *org, form, 400);
  }
  auto reader = reader_key(site, request);
  if (!reader) return respond_with_error(request, reader.error());
  auto created = site.cases->create(
      staff.actor, *reader, *org, app::NewCase{.metadata = form.metadata, .summary = form.summary});
  if (!created) {
    Error const& failure = created.error();
    if (failure.code == ErrorCode::PermissionDenied && failure.detail == app::kNoOrgKeyGrant) {
      form.problem = translate(site, language,
                               "You cannot work on cases yet: a coordinator must grant you access "
                               "to the organisation's key first.");
      return render_new_case(site, request, staff, *org, form, 403);
    }
    if (failure.code == ErrorCode::InvalidInput) {
      form.problem = translate(site, language,
                               "The summary is too long or holds characters that cannot be "
                               "stored. Shorten it and try again.");
      return render_new_case(site, request, staff, *org, form, 400);
    }
    return respond_with_error(request, failure);
  }
  auto response = http::Response::see_other(cases_path(*org) + "?queue=all&done=created");
  response.headers.set("Cache-Control", "no-store");
  return response;
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
  if (text.find_first_not_of(" \t\n") == std::string::npos) {
    CaseFeedback feedback;
    feedback.problem = translate(site, language, "Write the note before you add it.");
    return render_case(site, request, staff, *org, *id, feedback, 400);
  }
  auto reader = reader_key(site, request);
  if (!reader) return respond_with_error(request, reader.error());
  auto added = site.cases->add_note(staff.actor, *reader, *org, *id, text, kind);
  if (!added) {
    if (added.error().code == ErrorCode::InvalidInput) {
      CaseFeedback feedback;
      feedback.problem = translate(site, language,
                                   "The note is too long or holds characters that cannot be "
                                   "stored. Shorten it and try again.");
      return render_case(site, request, staff, *org, *id, feedback, 400);
    }
    return respond_with_error(request, added.error());
  }
  auto response = http::Response::see_other(case_path(*org, *id));
  response.headers.set("Cache-Control", "no-store");
  return response;
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
  auto reader = reader_key(site, request);
  if (!reader) return respond_with_error(request, reader.error());
  auto change = site.cases->change_status(staff.actor, *reader, *org, *id, *version, *to, outcome);
  if (!change.result) {
    std::string submitted = translate(site, language, status_msgid(*to));
    if (outcome) submitted += ": " + translate(site, language, outcome_msgid(*outcome));
    return render_refused_change(site, request, staff, *org, *id, change, submitted);
  }
  auto response = http::Response::see_other(case_path(*org, *id));
  response.headers.set("Cache-Control", "no-store");
  return response;
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
      links.emplace_back(std::move(link));
    }
  }
  data.set("has_case_queues", !links.empty());
  data.set("case_queues", links);
}

}  // namespace haven::web

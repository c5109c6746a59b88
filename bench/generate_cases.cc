// generate_cases: fills an instance's database with one organisation's cases for the cases
// benchmark (bench/run-cases, issue 4): a realistic spread of metadata over two years and a
// timeline per case, one case with exactly --timeline entries for the case page. Everything
// goes through the code the server uses: each case gets a fresh DEK sealed to the
// organisation's public key (vault::seal_case_key), each entry is sealed under that DEK
// (app::append_sealed_entry), the rows are written by the instance's own store (SQLite or
// PostgreSQL, HAVEN_DATABASE_URL honoured) and every case is audited as case_created, so the
// case page really decrypts what it shows and the audit table is as large as real use makes it.
//
// Usage: generate_cases --data DIR --org ORG [--cases 100000] [--entries 1000000]
//                       [--timeline 200] [--owner USER] [--seed 1] [--batch 500]
// Prints `timeline-case: ID` (the case with --timeline entries, assigned to --owner or the
// first counsellor) and the time generation took on stdout; progress on stderr. Memory stays
// bounded: one entry count per case (2 bytes) and one batch of --batch cases at a time.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/account_keys.h"
#include "app/audit_log.h"
#include "app/case_access.h"
#include "app/policy.h"
#include "cli/instance_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/case.h"
#include "domain/ids.h"
#include "vault/case_key.h"

namespace {

using namespace haven;
using Time = std::chrono::system_clock::time_point;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr std::uint16_t kMaxEntriesPerCase = 150;  // other than the timeline case
constexpr std::size_t kMaxCases = 10'000'000;
constexpr std::size_t kMaxBatch = 20'000;

struct Options {
  std::string data_dir;
  std::string org;
  std::string owner;
  std::size_t cases = 100'000;
  std::size_t entries = 1'000'000;
  std::size_t timeline = 200;
  std::size_t batch = 500;
  std::uint64_t seed = 1;
};

// The audit log stamps entries with its clock: each case_created carries the case's own time.
class ImportClock final : public Clock {
 public:
  time_point now() const override { return now_; }
  void set(time_point when) { now_ = when; }

 private:
  time_point now_{};
};

// What the generator draws from: a seeded, reproducible stream (metadata and texts only; ids
// and keys come from the instance's CSPRNG through the real code).
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : engine_(seed) {}
  double unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(engine_); }
  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(engine_);
  }
  bool chance(double p) { return unit() < p; }
  // Index into `weights` with probability proportional to its weight.
  template <std::size_t N>
  std::size_t weighted(double const (&weights)[N]) {
    double total = 0;
    for (double w : weights) total += w;
    double at = unit() * total;
    for (std::size_t i = 0; i < N; ++i) {
      if (at < weights[i]) return i;
      at -= weights[i];
    }
    return N - 1;
  }

 private:
  std::mt19937_64 engine_;
};

// Entry counts for every case summing to exactly `total`: the timeline case gets `timeline`,
// the others a long-tailed spread of 1..kMaxEntriesPerCase (most cases short, a few long).
Result<std::vector<std::uint16_t>> plan_entries(Options const& o, std::size_t timeline_case,
                                                Draw& draw) {
  std::size_t others = o.cases - 1;
  if (o.entries < o.timeline + others || o.entries > o.timeline + others * kMaxEntriesPerCase) {
    return make_error(ErrorCode::InvalidInput,
                      "--entries must leave every other case 1 to 150 entries");
  }
  std::vector<std::uint16_t> counts(o.cases, 1);
  double mean = others == 0 ? 1.0 : static_cast<double>(o.entries - o.timeline) / others;
  std::size_t sum = 0;
  for (std::size_t i = 0; i < o.cases; ++i) {
    if (i == timeline_case) continue;
    double drawn = 1.0 - std::log(1.0 - draw.unit()) * (mean - 1.0);  // exponential tail
    counts[i] = static_cast<std::uint16_t>(std::clamp(drawn, 1.0, double{kMaxEntriesPerCase}));
    sum += counts[i];
  }
  counts[timeline_case] = static_cast<std::uint16_t>(o.timeline);
  std::size_t wanted = o.entries - o.timeline;
  // Each pass moves `sum` one step towards `wanted` or skips a case at its bound; the range
  // check above guarantees a reachable target, and 100 passes per case bound the loop.
  for (std::size_t pass = 0; sum != wanted && pass < 100 * o.cases; ++pass) {
    std::size_t i = draw.below(o.cases);
    if (i == timeline_case) continue;
    if (sum < wanted && counts[i] < kMaxEntriesPerCase) {
      ++counts[i];
      ++sum;
    } else if (sum > wanted && counts[i] > 1) {
      --counts[i];
      --sum;
    }
  }
  if (sum != wanted) return make_error(ErrorCode::Internal, "could not spread the entries");
  return counts;
}

// Case metadata as a counselling network's two years look: mostly closed, a tenth waiting,
// a few urgent, nearly all assigned among the members.
domain::CaseMetadata draw_metadata(Draw& draw, std::vector<domain::UserId> const& members,
                                   bool recent) {
  using namespace domain;
  constexpr double kOld[] = {1, 9, 6, 4, 5, 75};         // new, open, waiting x2, referred, closed
  constexpr double kRecent[] = {20, 35, 15, 10, 5, 15};  // the last weeks: mostly still open
  constexpr double kChannel[] = {35, 25, 15, 20, 5};
  constexpr double kOrigin[] = {62, 20, 12, 4, 2};
  constexpr double kLanguage[] = {8, 80, 8, 4};  // en, ru, uk, de
  constexpr double kOutcome[] = {55, 15, 18, 6, 4, 2};
  static constexpr std::string_view kCountries[] = {"DE", "LT", "LV", "GE", "AM", "KZ", "RS", "TR",
                                                    "PL", "FI", "",   "RU", "BY", "UA", "FR", "NL"};
  CaseMetadata m;
  m.status = kCaseStatuses[draw.weighted(recent ? kRecent : kOld)];
  m.channel = kChannels[draw.weighted(kChannel)];
  m.origin = kOrigins[draw.weighted(kOrigin)];
  m.current_country = std::string(kCountries[draw.below(std::size(kCountries))]);
  m.language = kLanguages[draw.weighted(kLanguage)];
  // One topic always, a second often, a third sometimes.
  for (int n = 0; n < 3; ++n) {
    if (n == 0 || draw.chance(n == 1 ? 0.5 : 0.2)) m.topics.insert(kTopics[draw.below(8)]);
  }
  if (m.status != CaseStatus::Closed && draw.chance(0.12)) {
    m.urgency.insert(kUrgencies[draw.below(kUrgencies.size())]);
    if (draw.chance(0.25)) m.urgency.insert(kUrgencies[draw.below(kUrgencies.size())]);
  }
  bool unassigned = m.status == CaseStatus::New ? draw.chance(0.7) : draw.chance(0.03);
  if (!unassigned) m.assignee = members[draw.below(members.size())];
  if (m.status == CaseStatus::Closed) m.outcome = kOutcomes[draw.weighted(kOutcome)];
  return m;
}

// A note, call summary or message of 40-700 characters in the case's words: made-up
// sentences from a fixed vocabulary, never anything that looks like a name or a number.
void draw_text(Draw& draw, domain::Language language, std::string& out) {
  static constexpr std::string_view kRussian[] = {
      "повестка",    "военкомат", "консультация", "альтернативная", "служба",  "адвокат",
      "заявление",   "убежище",   "документы",    "граница",        "звонок",  "перезвонить",
      "суд",         "апелляция", "срок",         "помощь",         "жильё",   "перевод",
      "организация", "отказ",     "мобилизация",  "контакт",        "встреча", "вопрос"};
  static constexpr std::string_view kOther[] = {
      "summons",  "conscription", "office",  "objection", "alternative", "service",
      "lawyer",   "application",  "asylum",  "documents", "border",      "call",
      "callback", "court",        "appeal",  "deadline",  "support",     "housing",
      "transfer", "organisation", "refusal", "hearing",   "meeting",     "question"};
  out.clear();
  std::size_t target = 40 + static_cast<std::size_t>(660 * std::pow(draw.unit(), 2.0));
  bool cyrillic = language == domain::Language::Ru || language == domain::Language::Uk;
  // Each pass adds a word (at least 3 bytes), so the loop ends within `target` passes.
  while (out.size() < target) {
    std::string_view word = cyrillic ? kRussian[draw.below(std::size(kRussian))]
                                     : kOther[draw.below(std::size(kOther))];
    out += word;
    out += draw.chance(0.12) ? ". " : " ";
  }
  out.back() = '.';
}

domain::EntryKind draw_kind(Draw& draw) {
  constexpr double kKinds[] = {35, 20, 15, 15, 0, 8, 7};  // documents need a stored file
  return domain::kEntryKinds[draw.weighted(kKinds)];
}

struct Target {
  domain::OrgId org;
  std::string country;
  vault::PublicKey public_key;
  std::vector<domain::UserId> members;  // coordinators and counsellors
  domain::UserId owner;                 // gets the timeline case
};

Result<Target> find_target(app::Store& store, Options const& o) {
  auto org = domain::OrgId::parse(o.org);
  if (!org) return make_error(ErrorCode::InvalidInput, "--org must be an organisation id");
  return store.in_transaction(
      [&](app::Transaction& tx) -> Result<Target> {
        auto found = tx.organisations().find(*org);
        if (!found) return std::move(found).error();
        if (!found->public_key) {
          return make_error(ErrorCode::InvalidInput,
                            "the organisation has no keys yet: add a member first");
        }
        auto key = app::read_public_key(*found->public_key);
        if (!key) return std::move(key).error();
        auto members = tx.staff().members_of(*org);
        if (!members) return std::move(members).error();
        std::vector<domain::UserId> workers;
        std::optional<domain::UserId> first_counsellor;
        for (auto const& m : *members) {
          if (m.role != domain::Role::Coordinator && m.role != domain::Role::Counsellor) continue;
          workers.push_back(m.user);
          if (!first_counsellor && m.role == domain::Role::Counsellor) first_counsellor = m.user;
        }
        if (workers.empty()) {
          return make_error(ErrorCode::InvalidInput,
                            "the organisation has no coordinator or counsellor to assign");
        }
        auto owner = first_counsellor.value_or(workers.front());
        if (!o.owner.empty()) {
          auto chosen = domain::UserId::parse(o.owner);
          if (!chosen || std::find(workers.begin(), workers.end(), *chosen) == workers.end()) {
            return make_error(ErrorCode::InvalidInput,
                              "--owner must be a coordinator or counsellor of --org");
          }
          owner = *chosen;
        }
        return Target{.org = *org,
                      .country = found->details.country,
                      .public_key = *key,
                      .members = std::move(workers),
                      .owner = std::move(owner)};
      },
      app::TransactionMode::ReadOnly);
}

int utc_year(Time when) {
  return static_cast<int>(std::chrono::year_month_day{std::chrono::floor<days>(when)}.year());
}

class Generator {
 public:
  Generator(Options const& o, app::Store& store, Random& random, app::AuditLog const& audit,
            ImportClock& clock, Target target)
      : o_(o),
        store_(store),
        random_(random),
        audit_(audit),
        clock_(clock),
        target_(std::move(target)),
        draw_(o.seed),
        end_(std::chrono::floor<minutes>(std::chrono::system_clock::now()) - hours(1)),
        start_(end_ - days(730)) {}

  Result<std::string> run() {
    timeline_case_ = o_.cases - 1 - o_.cases / 100;  // a recent case, not the newest
    auto counts = plan_entries(o_, timeline_case_, draw_);
    if (!counts) return std::move(counts).error();
    counts_ = std::move(counts).value();
    auto began = std::chrono::steady_clock::now();
    // Each pass writes one batch of at most o_.batch cases: o_.cases / o_.batch passes.
    for (std::size_t from = 0; from < o_.cases; from += o_.batch) {
      std::size_t to = std::min(o_.cases, from + o_.batch);
      auto written = store_.in_transaction(
          [&](app::Transaction& tx) -> Result<void> { return write_batch(tx, from, to); });
      if (!written) return std::move(written).error();
      if (to % 10'000 < o_.batch || to == o_.cases) {
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        std::fprintf(stderr, "generate_cases: %zu cases, %zu entries, %.0f s\n", to,
                     entries_written_, s);
      }
    }
    return timeline_id_;
  }

  std::size_t entries_written() const { return entries_written_; }

 private:
  Result<void> write_batch(app::Transaction& tx, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (auto one = write_case(tx, i); !one) return one;
    }
    return {};
  }

  // Case i of o_.cases, created in order over the two years (numbers rise with time).
  Result<void> write_case(app::Transaction& tx, std::size_t i) {
    auto span = end_ - start_;
    Time created = start_ + std::chrono::duration_cast<milliseconds>(
                                span * (static_cast<double>(i) / o_.cases));
    created += milliseconds(draw_.below(60'000));
    bool recent = end_ - created < days(30);
    auto metadata = draw_metadata(draw_, target_.members, recent);
    bool timeline = i == timeline_case_;
    if (timeline) {
      metadata.status = domain::CaseStatus::Open;
      metadata.outcome.reset();
      metadata.assignee = target_.owner;
    }
    // Active for up to four months, never past the end.
    auto room = std::chrono::duration_cast<milliseconds>(end_ - created);
    auto active = std::min<milliseconds>(room, days(1 + draw_.below(120)));
    if (timeline) active = room;
    Time updated =
        created +
        milliseconds(static_cast<std::int64_t>(static_cast<double>(active.count()) * draw_.unit()));
    int year = utc_year(created);
    auto sequence = tx.cases().next_case_sequence(target_.org, year);
    if (!sequence) return std::move(sequence).error();
    domain::Case record{.id = domain::CaseId::generate(random_),
                        .org = target_.org,
                        .number = domain::format_case_number(target_.country, year, *sequence),
                        .metadata = std::move(metadata),
                        .created_at = created,
                        .updated_at = updated,
                        .closed_at = std::nullopt,
                        .version = 1};
    if (record.metadata.status == domain::CaseStatus::Closed) record.closed_at = updated;
    auto dek = vault::generate_case_key();
    auto sealed = vault::seal_case_key(target_.public_key, record.id.str(), dek);
    if (!sealed) return std::move(sealed).error();
    if (auto added = tx.cases().add(record, *sealed); !added) return added;
    clock_.set(created);
    auto audited =
        audit_.append(tx, app::case_event(app::Actor::system(), app::AuditAction::CaseCreated,
                                          target_.org, record.id));
    if (!audited) return std::move(audited).error();
    if (auto written = write_entries(tx, record, dek, counts_[i]); !written) return written;
    if (timeline) timeline_id_ = record.id.str();
    return {};
  }

  // `count` entries from created_at (the summary, a note) to updated_at, in time order;
  // append_sealed_entry stamps each with the record's updated_at, so a copy walks the time.
  Result<void> write_entries(app::Transaction& tx, domain::Case const& record,
                             vault::SecretBytes const& dek, std::size_t count) {
    domain::Case at = record;
    Time::duration step{};
    if (count > 1) {
      step = (record.updated_at - record.created_at) / static_cast<std::int64_t>(count - 1);
    }
    for (std::size_t n = 0; n < count; ++n) {
      at.updated_at = n + 1 == count ? record.updated_at
                                     : record.created_at + step * static_cast<std::int64_t>(n);
      auto kind = n == 0 ? domain::EntryKind::Note : draw_kind(draw_);
      std::optional<domain::UserId> author =
          record.metadata.assignee.value_or(target_.members[draw_.below(target_.members.size())]);
      if (kind == domain::EntryKind::MessageIn && draw_.chance(0.5)) author.reset();
      draw_text(draw_, record.metadata.language, text_);
      auto appended = app::append_sealed_entry(tx, random_, dek, at, kind, author, text_);
      if (!appended) return appended;
      ++entries_written_;
    }
    return {};
  }

  Options const& o_;
  app::Store& store_;
  Random& random_;
  app::AuditLog const& audit_;
  ImportClock& clock_;
  Target target_;
  Draw draw_;
  Time end_;
  Time start_;
  std::vector<std::uint16_t> counts_;
  std::size_t timeline_case_ = 0;
  std::string timeline_id_;
  std::string text_;
  std::size_t entries_written_ = 0;
};

int fail(Error const& error) {
  std::fprintf(stderr, "generate_cases: %s\n", error.detail.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Fills an instance with an organisation's cases for bench/run-cases"};
  app.add_option("--data", o.data_dir, "The instance's data directory")->required();
  app.add_option("--org", o.org, "The organisation id (it must have keys)")->required();
  app.add_option("--cases", o.cases, "How many cases")
      ->check(CLI::Range(std::size_t{1}, kMaxCases));
  app.add_option("--entries", o.entries, "How many timeline entries in all");
  app.add_option("--timeline", o.timeline, "Entries of the one case the case page opens")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  app.add_option("--owner", o.owner,
                 "Who the timeline case is assigned to (default: the first "
                 "counsellor)");
  app.add_option("--seed", o.seed, "Seed of the metadata and texts (ids and keys stay random)");
  app.add_option("--batch", o.batch, "Cases per transaction")
      ->check(CLI::Range(std::size_t{1}, kMaxBatch));
  CLI11_PARSE(app, argc, argv);

  auto opened = cli::open_instance(o.data_dir);
  if (!opened) return fail(opened.error());
  auto& instance = **opened;
  auto target = find_target(*instance.store, o);
  if (!target) return fail(target.error());
  ImportClock clock;
  app::AuditLog audit(clock, instance.instance.secrets.audit_key);
  Generator generator(o, *instance.store, instance.random, audit, clock, std::move(*target));
  auto began = std::chrono::steady_clock::now();
  auto timeline = generator.run();
  if (!timeline) return fail(timeline.error());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::printf("timeline-case: %s\n", timeline->c_str());
  std::printf("generated: %zu cases, %zu entries on %s in %.1f s (%.0f entries/s)\n", o.cases,
              generator.entries_written(), std::string(instance.store->engine()).c_str(), seconds,
              static_cast<double>(generator.entries_written()) / seconds);
  return 0;
}

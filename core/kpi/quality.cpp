// Data quality (spec/kpi.md §6): counts with example ids, over each deal
// counted once. Every check is always present, with 0 when clean. Also the
// report's coverage rows (how much of each metric's cohort it could use),
// which the families add through add_coverage in a fixed order.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/kpi/families.h"
#include "core/model/text.h"
#include "core/kpi/outcomes.h"

namespace kpi {


namespace {

constexpr size_t kMaxExamples = 5;
constexpr Instant kDaySeconds = 86400;

// Spec §3 metric 11: a CRM should offer at most 10 loss reasons.
constexpr size_t kMaxLossReasons = 10;
// "Artificial cleanup" (spec §6): losses in the last 3 days of the period of
// deals that were already stalled; flagged when they are more than 20 % of the
// period's losses, a share a normal closing rhythm (about 10 % of a month's
// losses fall in any 3 days) stays well below.
constexpr Instant kCleanupWindow = 3 * kDaySeconds;
constexpr double kCleanupShare = 0.20;
constexpr double kDefaultControlDays = 3;  // spec §3 metric 8, when settings lack "default"

void add_example(QualityRow& row, std::string_view id) {
  ++row.count;
  if (row.examples.size() < kMaxExamples) row.examples.emplace_back(id);
}

// ---- junk stages --------------------------------------------------------------

// Stages where a deal waits for the client instead of moving on a decision
// (spec §6: "думает", "ждём ответа", "thinking", "waiting"). Folded; "ждём"
// and "ждем" both, since folding keeps ё apart from е.
constexpr std::array<std::string_view, 9> kJunkStageWords = {{
    "\xD0\xB4\xD1\x83\xD0\xBC\xD0\xB0\xD0\xB5\xD1\x82",                  // думает
    "\xD0\xB4\xD1\x83\xD0\xBC\xD0\xB0\xD1\x8E\xD1\x82",                  // думают
    "\xD0\xB6\xD0\xB4\xD1\x91\xD0\xBC",                                  // ждём
    "\xD0\xB6\xD0\xB4\xD0\xB5\xD0\xBC",                                  // ждем
    "\xD0\xBE\xD0\xB6\xD0\xB8\xD0\xB4\xD0\xB0\xD0\xBD\xD0\xB8\xD0\xB5",  // ожидание
    "\xD0\xBF\xD0\xB0\xD1\x83\xD0\xB7\xD0\xB0",                          // пауза
    "thinking", "waiting", "on hold",
}};

bool is_junk_stage(std::string_view folded) noexcept {
  return std::any_of(kJunkStageWords.begin(), kJunkStageWords.end(),
                     [&](std::string_view word) { return folded.find(word) != std::string_view::npos; });
}

// Distinct stage names in use (a deal's current stage, either side of any
// stage event), case-insensitively, each shown as the data first spells it:
// deals in row order, then events in input order. Each name is folded once.
QualityRow junk_stages(const Context& c) {
  const Dataset& d = c.data;
  QualityRow row{"junk_stages", 0, {}};
  std::vector<uint8_t> seen(d.strings.size(), 0);
  std::vector<std::string> junk;  // folded junk names counted so far (a handful)
  std::string folded;
  auto visit = [&](StrId id) {
    if (id == kNoStr || seen[id]) return;
    seen[id] = 1;
    fold_case(d.strings.view(id), folded);
    if (!is_junk_stage(folded) || std::find(junk.begin(), junk.end(), folded) != junk.end()) return;
    junk.push_back(folded);
    add_example(row, d.strings.view(id));
  };
  for (size_t i = 0; i < d.deals.size(); ++i) {
    if (c.counted[i]) visit(d.deals.stage[i]);
  }
  for (size_t i = 0; i < d.stage_events.size(); ++i) {
    visit(d.stage_events.from_stage[i]);
    visit(d.stage_events.to_stage[i]);
  }
  return row;
}

// ---- loss reasons, currencies -------------------------------------------------

// Distinct non-empty reasons of the deals lost in the period (the deals of the
// report's loss_reasons table). Over 10: the count, and the five least used
// (ties by text) as the first to merge or drop.
QualityRow too_many_loss_reasons(const Context& c, const std::vector<uint8_t>& closed) {
  const Dataset& d = c.data;
  QualityRow row{"too_many_loss_reasons", 0, {}};
  std::vector<uint32_t> uses(d.strings.size(), 0);
  std::vector<StrId> reasons;
  for (size_t i = 0; i < d.deals.size(); ++i) {
    const StrId reason = d.deals.loss_reason[i];
    if (closed[i] != 2 || reason == kNoStr) continue;
    if (uses[reason]++ == 0) reasons.push_back(reason);
  }
  if (reasons.size() <= kMaxLossReasons) return row;
  row.count = reasons.size();
  const auto shown = reasons.begin() + static_cast<std::ptrdiff_t>(kMaxExamples);
  std::partial_sort(reasons.begin(), shown, reasons.end(), [&](StrId a, StrId b) {
    return uses[a] != uses[b] ? uses[a] < uses[b] : d.strings.view(a) < d.strings.view(b);
  });
  for (auto it = reasons.begin(); it != shown; ++it) row.examples.emplace_back(d.strings.view(*it));
  return row;
}

// Distinct non-empty currencies of the deals won in the period, in order of
// first use: revenue adds their amounts unconverted, so more than one makes
// it a sum of different units.
QualityRow mixed_currencies(const Context& c, const std::vector<uint8_t>& closed) {
  const Dataset& d = c.data;
  QualityRow row{"mixed_currencies", 0, {}};
  std::vector<uint8_t> seen(d.strings.size(), 0);
  std::vector<StrId> currencies;
  for (size_t i = 0; i < d.deals.size(); ++i) {
    const StrId currency = d.deals.currency[i];
    if (closed[i] != 1 || currency == kNoStr || seen[currency]) continue;
    seen[currency] = 1;
    currencies.push_back(currency);
  }
  if (currencies.size() <= 1) return row;
  for (StrId currency : currencies) add_example(row, d.strings.view(currency));
  return row;
}

// The ISO 4217 code of a deal's currency cell ("RUB", "руб.", "₽", "$"), or ""
// when it names none this knows.
std::string currency_code(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '.')) text.remove_suffix(1);
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"₽", "RUB"}, {"руб", "RUB"}, {"Руб", "RUB"}, {"РУБ", "RUB"}, {"р", "RUB"}, {"RUR", "RUB"}, {"rur", "RUB"},
      {"$", "USD"}, {"€", "EUR"}, {"₸", "KZT"}, {"тг", "KZT"}, {"Br", "BYN"}, {"£", "GBP"}};
  for (const auto& [name, code] : kNames) {
    if (text == name) return std::string(code);
  }
  if (text.size() != 3) return {};
  std::string code(text);
  for (char& ch : code) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') return {};
  }
  return code;
}

// The one currency every deal that names one names (report.currency); RUB when
// no deal names one (amoCRM and Bitrix24 exports of Russian accounts give bare
// amounts in rubles); "" when a deal names a currency this does not know or
// two differ (docs/report.md "currency").
std::string report_currency(const Context& c) {
  const Dataset& d = c.data;
  std::vector<uint8_t> seen(d.strings.size(), 0);
  std::string found;
  for (size_t i = 0; i < d.deals.size(); ++i) {
    const StrId currency = d.deals.currency[i];
    if (!c.counted[i] || currency == kNoStr || seen[currency]) continue;
    seen[currency] = 1;
    const std::string code = currency_code(d.strings.view(currency));
    if (code.empty() || (!found.empty() && code != found)) return {};
    found = code;
  }
  return found.empty() ? std::string("RUB") : found;
}

// ---- open deals nobody works on ---------------------------------------------

// Deals open at now with no task and no touch seen at now (a task created at
// or before as_of or undated, an activity at or before as_of or undated), of
// any kind, state or direction. One pass over tasks, one over activities.
QualityRow open_without_task_or_touch(const Context& c) {
  const Dataset& d = c.data;
  const Instant now = c.period.as_of;
  QualityRow row{"open_without_task_or_touch", 0, {}};
  std::vector<uint8_t> worked(d.deals.size(), 0);
  for (size_t i = 0; i < d.tasks.size(); ++i) {
    const Instant created = d.tasks.created_at[i];
    if (created != kNoTime && created > now) continue;
    if (const int64_t deal = c.deal(d.tasks.deal_id[i]); deal >= 0) worked[static_cast<size_t>(deal)] = 1;
  }
  for (size_t i = 0; i < d.activities.size(); ++i) {
    const Instant at = d.activities.at[i];
    if (at != kNoTime && at > now) continue;
    if (const int64_t deal = c.deal(d.activities.deal_id[i]); deal >= 0) worked[static_cast<size_t>(deal)] = 1;
  }
  for (size_t i = 0; i < d.deals.size(); ++i) {
    if (c.open_at_now(i) && !worked[i]) add_example(row, d.ids.view(d.deals.id[i]));
  }
  return row;
}

// ---- artificial cleanup --------------------------------------------------------

// Stage names, folded once per string id: lost-stage names, and the control
// period of a stage (metric 8's `stage_control_days`, a later entry over an
// earlier one, else "default").
class StageNames {
 public:
  explicit StageNames(const Context& c) : c_(c), lost_(c.data.strings.size(), kUnknown) {
    for (const auto& [name, days] : c.settings.stage_control_days) {
      fold_case(name, scratch_);
      if (scratch_ == "default") default_days_ = days;
      control_.emplace_back(scratch_, days);
    }
    for (const std::string& name : c.settings.lost_stages) add_lost(name);
  }

  /// A name the lost deals use: their current stage is where the loss put them.
  void add_lost(std::string_view name) {
    fold_case(name, scratch_);
    if (std::find(lost_names_.begin(), lost_names_.end(), scratch_) == lost_names_.end()) lost_names_.push_back(scratch_);
  }

  bool lost(StrId id) {
    if (id == kNoStr) return false;
    if (lost_[id] == kUnknown) {
      fold_case(c_.data.strings.view(id), scratch_);
      lost_[id] = std::find(lost_names_.begin(), lost_names_.end(), scratch_) != lost_names_.end() ? kLost : kOther;
    }
    return lost_[id] == kLost;
  }

  double control_days(StrId id) {
    if (id == kNoStr) return default_days_;
    fold_case(c_.data.strings.view(id), scratch_);
    double days = default_days_;
    for (const auto& [name, d] : control_) {
      if (name == scratch_ && name != "default") days = d;
    }
    return days;
  }

 private:
  static constexpr uint8_t kUnknown = 0, kLost = 1, kOther = 2;
  const Context& c_;
  std::vector<uint8_t> lost_;  // per string id
  std::vector<std::string> lost_names_;
  std::vector<std::pair<std::string, double>> control_;
  double default_days_ = kDefaultControlDays;
  std::string scratch_;
};

// Deals lost in the period's last 3 days (closed_at in [to - 3 days, to), at
// or before as_of) that had stood still before the loss: their last stage
// change up to closed_at, other than the move into the lost stage (else
// created_at), lies more than their stage's control period before closed_at,
// in clock days. The stage is the one that change moved the deal into (else
// the one the loss moved it out of, else "default"). Reported when they are
// more than kCleanupShare of the period's losses.
QualityRow artificial_cleanup(const Context& c, const std::vector<uint8_t>& closed) {
  const DealTable& d = c.data.deals;
  const StageEventTable& e = c.data.stage_events;
  QualityRow row{"artificial_cleanup", 0, {}};
  if (c.period.to == kNoTime) return row;
  const Instant window_from = c.period.to - kCleanupWindow;

  struct Candidate {
    uint32_t row;
    int64_t change = -1;     // the last stage event up to closed_at that is not a loss
    int64_t loss_move = -1;  // the last move into a lost stage up to closed_at
  };
  std::vector<uint32_t> slot(d.size(), 0);  // per deal row: candidate + 1, 0 = none
  std::vector<Candidate> candidates;
  uint64_t losses = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    if (closed[i] != 2) continue;
    ++losses;
    if (d.closed_at[i] < window_from) continue;
    candidates.push_back({static_cast<uint32_t>(i)});
    slot[i] = static_cast<uint32_t>(candidates.size());
  }
  if (candidates.empty()) return row;
  StageNames names(c);
  for (const Candidate& k : candidates) names.add_lost(c.data.strings.view(d.stage[k.row]));

  // Events in input order: at equal times the later row is the later event.
  auto later = [&](int64_t best, size_t i) { return best < 0 || e.at[i] >= e.at[static_cast<size_t>(best)]; };
  for (size_t i = 0; i < e.size(); ++i) {
    const int64_t deal = c.deal(e.deal_id[i]);
    if (deal < 0 || slot[static_cast<size_t>(deal)] == 0) continue;
    if (e.at[i] == kNoTime || e.at[i] > d.closed_at[static_cast<size_t>(deal)]) continue;
    Candidate& k = candidates[slot[static_cast<size_t>(deal)] - 1];
    int64_t& best = names.lost(e.to_stage[i]) ? k.loss_move : k.change;
    if (later(best, i)) best = static_cast<int64_t>(i);
  }

  std::vector<uint32_t> stalled;
  for (const Candidate& k : candidates) {
    const Instant closed_at = d.closed_at[k.row];
    const Instant last = k.change >= 0 ? e.at[static_cast<size_t>(k.change)] : d.created_at[k.row];
    if (last == kNoTime || last > closed_at) continue;
    const StrId stage = k.change >= 0      ? e.to_stage[static_cast<size_t>(k.change)]
                        : k.loss_move >= 0 ? e.from_stage[static_cast<size_t>(k.loss_move)]
                                           : kNoStr;
    const double still_days = static_cast<double>(closed_at - last) / static_cast<double>(kDaySeconds);
    if (still_days > names.control_days(stage)) stalled.push_back(k.row);
  }
  if (static_cast<double>(stalled.size()) <= kCleanupShare * static_cast<double>(losses)) return row;
  for (uint32_t i : stalled) add_example(row, c.data.ids.view(d.id[i]));
  return row;
}

// ---- coverage ---------------------------------------------------------------------

// report.coverage lists the families in this order, whichever runs first.
constexpr std::array<std::string_view, 7> kCoverageOrder = {
    {"frt", "sla", "next_step", "touches", "conversion", "win_rate", "revenue"}};

size_t coverage_rank(std::string_view metric) noexcept {
  return static_cast<size_t>(std::find(kCoverageOrder.begin(), kCoverageOrder.end(), metric) - kCoverageOrder.begin());
}

void insert_coverage(Report& r, CoverageRow row) {
  const size_t rank = coverage_rank(row.metric);
  const auto at = std::find_if(r.coverage.begin(), r.coverage.end(),
                               [&](const CoverageRow& other) { return coverage_rank(other.metric) > rank; });
  r.coverage.insert(at, std::move(row));
}

// The uncovered share in whole percent, half up; never 0 when some lack it,
// nor 100 when some have it (1 in 1,000 reads "1 %", not "0 %").
uint64_t percent_lacking(uint64_t covered, uint64_t total) {
  const double exact = 100.0 * static_cast<double>(total - covered) / static_cast<double>(total);
  const auto rounded = static_cast<uint64_t>(std::floor(exact + 0.5));
  return std::clamp<uint64_t>(rounded, 1, covered == 0 ? 100 : 99);
}

}  // namespace

/// A coverage row: `covered` of `total` cohort members could be used; the
/// note says what the rest lack ("17 % have no outgoing touch"), empty when
/// all are covered.
void add_coverage(Report& r, std::string_view metric, uint64_t covered, uint64_t total, std::string_view lacking) {
  CoverageRow row{std::string(metric), covered, total, ""};
  if (covered < total) {
    row.lacking_pct = percent_lacking(covered, total);
    row.note = fmt::format("{} % {}", *row.lacking_pct, lacking);
  }
  const double share = total == 0 ? 1 : static_cast<double>(covered) / static_cast<double>(total);
  row.severity = share < 0.5 ? "high" : share < 0.9 ? "medium" : "ok";
  insert_coverage(r, std::move(row));
}

/// A coverage row for a metric whose input is missing altogether: nothing is
/// covered and the note names the input ("no activities loaded").
void add_coverage_missing(Report& r, std::string_view metric, uint64_t total, std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kNotes[] = {
      {"NEEDS_DEALS", "no deals loaded"}, {"NEEDS_ACTIVITIES", "no activities loaded"},
      {"NEEDS_HISTORY", "no stage events loaded"}, {"NEEDS_TASKS", "no tasks with due dates loaded"}};
  const auto* note = std::find_if(std::begin(kNotes), std::end(kNotes), [&](const auto& n) { return n.first == code; });
  CoverageRow row{std::string(metric), 0, total, std::string(note->second), note->first};
  if (total > 0) row.lacking_pct = 100;
  row.severity = "high";
  insert_coverage(r, std::move(row));
}

namespace {

// How much each check's findings distort the KPIs (high: a figure is wrong outright; medium: it is
// skewed) and what its count counts when not deals (docs/report.md "data_quality").
struct CheckKind {
  std::string_view check, severity, unit = "deals";
};
constexpr CheckKind kCheckKinds[] = {
    {"skipped_rows", "high", "rows"}, {"missing_owner", "high"}, {"won_missing_amount", "high"},
    {"closed_missing_closed_at", "high"}, {"artificial_cleanup", "high"}, {"mixed_currencies", "high", "currencies"},
    {"closed_before_created", "medium"}, {"duplicate_deal_id", "medium", "rows"}, {"missing_source", "medium"},
    {"lost_missing_reason", "medium"}, {"unlinked_rows", "medium", "rows"}, {"junk_stages", "medium", "stages"},
    {"too_many_loss_reasons", "medium", "reasons"}, {"open_without_task_or_touch", "medium"}};

}  // namespace

void compute_quality(const Context& c, Report& r) {
  const Dataset& d = c.data;
  QualityRow skipped{"skipped_rows", 0, {}};
  for (const InputSummary& in : r.inputs) {
    skipped.count += in.skipped;
    for (const Issue& issue : in.issues) {
      if (skipped.examples.size() >= kMaxExamples) break;
      if (issue.line != 0) skipped.examples.push_back(fmt::format("{}:{}", in.file, issue.line));
    }
  }
  QualityRow duplicates{"duplicate_deal_id", 0, {}};
  QualityRow missing_owner{"missing_owner", 0, {}}, missing_source{"missing_source", 0, {}};
  QualityRow won_no_amount{"won_missing_amount", 0, {}}, lost_no_reason{"lost_missing_reason", 0, {}};
  QualityRow closed_no_date{"closed_missing_closed_at", 0, {}}, unlinked{"unlinked_rows", 0, {}};
  QualityRow closed_early{"closed_before_created", 0, {}};
  for (size_t i = 0; i < d.deals.size(); ++i) {
    const std::string_view id = d.ids.view(d.deals.id[i]);
    if (!c.counted[i]) {
      add_example(duplicates, id);
      continue;
    }
    if (d.deals.owner[i] == kNoStr) add_example(missing_owner, id);
    if (d.deals.source[i] == kNoStr) add_example(missing_source, id);
    const DealState state = d.deals.state[i];
    if (state == DealState::kWon && std::isnan(d.deals.amount[i])) add_example(won_no_amount, id);
    if (state == DealState::kLost && d.deals.loss_reason[i] == kNoStr) add_example(lost_no_reason, id);
    if (state != DealState::kOpen && d.deals.closed_at[i] == kNoTime) add_example(closed_no_date, id);
    if (d.deals.closed_at[i] != kNoTime && d.deals.created_at[i] != kNoTime &&
        d.deals.closed_at[i] < d.deals.created_at[i]) {
      add_example(closed_early, id);
    }
  }
  for (const auto* column : {&d.stage_events.deal_id, &d.tasks.deal_id, &d.activities.deal_id}) {
    for (StrId id : *column) {
      if (id != kNoStr && c.deal(id) < 0) add_example(unlinked, d.ids.view(id));
    }
  }
  const std::vector<uint8_t>& closed = c.closed();
  r.data_quality = {skipped, duplicates, missing_owner, missing_source, won_no_amount,
                    lost_no_reason, closed_no_date, unlinked,
                    junk_stages(c), too_many_loss_reasons(c, closed), open_without_task_or_touch(c),
                    artificial_cleanup(c, closed), mixed_currencies(c, closed), closed_early};
  for (QualityRow& q : r.data_quality) {
    const auto* kind = std::find_if(std::begin(kCheckKinds), std::end(kCheckKinds), [&](const CheckKind& k) { return k.check == q.check; });
    q.severity = q.count == 0 ? "ok" : kind->severity;
    q.unit = kind->unit;
  }
  r.currency = report_currency(c);
}

}  // namespace kpi

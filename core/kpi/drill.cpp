// The drill-down (drill.h): which facts a metric is made of, filtered to one
// manager and group, flagged where they miss the norm, the worst first. Rows
// are picked as small records first and turned into text only for the ones
// returned, so drilling into a 100,000-deal cohort formats 500 rows.
#include "core/kpi/drill.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/kpi/context.h"
#include "core/kpi/deal_facts.h"
#include "core/kpi/lead_class.h"
#include "core/kpi/outcomes.h"

namespace kpi {
namespace {

enum class Family : uint8_t { kFrt, kSla, kNextStep, kOverdue, kTouches, kWinRate, kRevenue, kStalled, kVelocity };

struct Alias {
  std::string_view key;
  Family family;
};

// Every METRICS key with a deal list, the families' own names and the board's
// tile ids. open_count lists the open deals with their next-step state;
// won_count lists the won deals (revenue's cohort), lost_count the closed ones.
constexpr Alias kAliases[] = {
    {"frt", Family::kFrt},          {"frt_median_min", Family::kFrt},       {"frt_mean_min", Family::kFrt},
    {"frt_p90_min", Family::kFrt},  {"sla", Family::kSla},                   {"sla_share", Family::kSla},
    {"sla_breached", Family::kSla}, {"sla_total", Family::kSla},             {"next_step", Family::kNextStep},
    {"next_step_share", Family::kNextStep}, {"overdue_step_count", Family::kNextStep},
    {"open_count", Family::kNextStep},      {"overdue", Family::kOverdue},   {"overdue_share", Family::kOverdue},
    {"overdue_count", Family::kOverdue},    {"tasks_due_count", Family::kOverdue},
    {"touches", Family::kTouches},          {"touches_per_won_mean", Family::kTouches},
    {"touches_per_won_median", Family::kTouches}, {"win_rate", Family::kWinRate},
    {"win_rate_by_source", Family::kWinRate},     {"lost_count", Family::kWinRate},
    {"won_count", Family::kRevenue},        {"revenue", Family::kRevenue},   {"avg_won_amount", Family::kRevenue},
    {"stalled", Family::kStalled},          {"stalled_count", Family::kStalled},
    {"stalled_share", Family::kStalled},    {"velocity", Family::kVelocity},
    {"velocity_median_days", Family::kVelocity},
};

struct FamilyInfo {
  std::string_view name, unit;
};
constexpr FamilyInfo kFamilies[] = {
    {"frt", "min"},           {"sla", "min"},          {"next_step", "days"}, {"overdue", "days"},
    {"touches", "touches"},   {"win_rate", ""},        {"revenue", "amount"}, {"stalled", "working_days"},
    {"velocity", "days"},
};

// One row before it is turned into text.
struct Pick {
  uint32_t index;    // the deal row, or the task for overdue
  int64_t deal_row;  // -1 for a task of no known deal
  double value, norm;
  Instant date;
  std::string_view state;
  bool flagged;
  double order;            // larger first, after the flagged rows
  StrId stage = kNoStr;    // the stage at now where it differs from the deal's (stalled)
};

// The manager and group a query keeps; names resolved to ids once.
class Filter {
 public:
  Filter(const Context& c, const DrillQuery& q) : c_(c) {
    if (!q.manager.empty()) {
      manager_ = c.data.strings.find(q.manager);
      by_manager_ = true;
      none_ = manager_ == kNoStr;
    }
    if (q.group_by == "source" || q.group_by == "segment") {
      by_ = q.group_by == "source" ? By::kSource : By::kSegment;
      group_ = c.data.strings.find(q.group);
      none_ = none_ || (group_ == kNoStr && !q.group.empty());
    } else if (q.group_by == "lead_class") {
      by_ = By::kClass;
      class_ = q.group;
    }
  }
  bool keeps(StrId owner, StrId source, StrId segment) const {
    if (none_ || (by_manager_ && owner != manager_)) return false;
    switch (by_) {
      case By::kNone: return true;
      case By::kSource: return source == group_;
      case By::kSegment: return segment == group_;
      case By::kClass: return lead_class_name(c_.class_of[source]) == class_;
    }
    return false;
  }
  bool keeps_deal(size_t row) const {
    const DealTable& d = c_.data.deals;
    return keeps(d.owner[row], d.source[row], d.segment[row]);
  }

 private:
  enum class By : uint8_t { kNone, kSource, kClass, kSegment };
  const Context& c_;
  bool by_manager_ = false, none_ = false;
  StrId manager_ = kNoStr, group_ = kNoStr;
  By by_ = By::kNone;
  std::string class_;
};

// A breach is "late" when answered past the norm, "unanswered" when the deadline passed without an answer.
std::string_view sla_state(const ResponseFact& f) {
  if (f.outcome == SlaOutcome::kOk) return "ok";
  if (f.outcome == SlaOutcome::kPending) return "pending";
  return std::isnan(f.frt_min) ? "unanswered" : "late";
}

// A task's own reason (issue 10: never "answered late"): done late, or still
// overdue on an open deal, on a closed deal, or on no known deal.
std::string_view overdue_state(const Context& c, const OverdueFact& f) {
  if (!f.late) return "on_time";
  const Instant done = c.data.tasks.completed_at[f.task];
  if (done != kNoTime && done <= c.period.as_of) return "task_done_late";
  if (f.deal_row < 0) return "task_overdue";
  return c.open_at_now(static_cast<size_t>(f.deal_row)) ? "task_overdue_open_deal" : "task_overdue_closed_deal";
}

std::string_view step_state(StepState s) {
  return s == StepState::kNextStep ? "next_step" : s == StepState::kOverdueStep ? "overdue_step" : "no_step";
}

std::vector<Pick> pick(const Context& c, Family family, const Filter& keep) {
  const DealTable& d = c.data.deals;
  std::vector<Pick> out;
  auto deal = [&](size_t row, double value, double norm, Instant date, std::string_view state, bool flagged,
                  double order) {
    out.push_back({static_cast<uint32_t>(row), static_cast<int64_t>(row), value, norm, date, state, flagged, order,
                   kNoStr});
  };
  switch (family) {
    case Family::kFrt:  // the answered leads: FRT statistics are over these
      for (const ResponseFact& f : response_facts(c)) {
        if (std::isnan(f.frt_min) || !keep.keeps_deal(f.row)) continue;
        const bool late = f.frt_min > f.norm_min;
        deal(f.row, f.frt_min, f.norm_min, d.created_at[f.row], late ? "late" : "ok", late, f.frt_min);
      }
      break;
    case Family::kSla:  // decided leads (pending ones are in no share)
      for (const ResponseFact& f : response_facts(c)) {
        if (f.outcome == SlaOutcome::kPending || !keep.keeps_deal(f.row)) continue;
        const bool breach = f.outcome == SlaOutcome::kBreach;
        deal(f.row, f.waited_min, f.norm_min, d.created_at[f.row], sla_state(f), breach,
             f.waited_min / f.norm_min);
      }
      break;
    case Family::kNextStep: {
      const auto& due = c.data.tasks.due_at;
      if (std::none_of(due.begin(), due.end(), [](Instant t) { return t != kNoTime; })) break;  // unavailable
      for (const StepFact& f : next_step_facts(c)) {
        if (!keep.keeps_deal(f.row)) continue;
        const bool missing = f.state != StepState::kNextStep;
        deal(f.row, f.days_open, kNull, d.created_at[f.row], step_state(f.state), missing,
             (f.state == StepState::kOverdueStep ? 1e9 : 0) + f.days_open);
      }
      break;
    }
    case Family::kOverdue: {
      const TaskTable& t = c.data.tasks;
      for (const OverdueFact& f : overdue_facts(c)) {
        const auto row = static_cast<size_t>(f.deal_row);
        const StrId source = f.deal_row < 0 ? kNoStr : d.source[row];
        const StrId segment = f.deal_row < 0 ? kNoStr : d.segment[row];
        if (!keep.keeps(t.owner[f.task], source, segment)) continue;
        out.push_back({f.task, f.deal_row, f.days_late, kNull, t.due_at[f.task], overdue_state(c, f), f.late, f.days_late,
                       kNoStr});
      }
      break;
    }
    case Family::kTouches: {
      if (c.data.activities.size() == 0) break;  // unavailable, not 0 touches
      const std::vector<uint8_t> closed = closed_in_period(d, c.counted, c.period);
      const std::vector<uint32_t> touches = touches_of_won(c, closed);
      const auto [low, high] = c.settings.norms.touches;
      for (size_t row = 0; row < d.size(); ++row) {
        if (closed[row] != 1 || !keep.keeps_deal(row)) continue;
        const auto n = static_cast<double>(touches[row]);
        const bool outside = n < low || n > high;
        // Outside the 8-12 band either way; the furthest from it first.
        deal(row, n, kNull, d.closed_at[row], n < low ? "few" : n > high ? "many" : "ok", outside,
             n < low ? low - n : n - high);
      }
      break;
    }
    case Family::kWinRate:
    case Family::kRevenue: {
      const std::vector<uint8_t> closed = closed_in_period(d, c.counted, c.period);
      const bool revenue = family == Family::kRevenue;
      for (size_t row = 0; row < d.size(); ++row) {
        if (closed[row] == 0 || (revenue && closed[row] != 1) || !keep.keeps_deal(row)) continue;
        const double amount = d.amount[row];
        if (revenue) {  // won deals, the largest first; a won deal without an amount is flagged
          deal(row, amount, kNull, d.closed_at[row], "won", std::isnan(amount),
               std::isnan(amount) ? 0 : amount);
        } else {  // closed deals, the lost ones flagged, the latest first
          deal(row, kNull, kNull, d.closed_at[row], closed[row] == 1 ? "won" : "lost", closed[row] == 2,
               static_cast<double>(d.closed_at[row]));
        }
      }
      break;
    }
    case Family::kStalled:
      for (const StallFact& f : stall_facts(c)) {
        if (!keep.keeps_deal(f.row)) continue;
        deal(f.row, f.idle_days, f.control_days, d.created_at[f.row], f.stalled ? "stalled" : "moving", f.stalled,
             f.control_days > 0 ? f.idle_days / f.control_days : f.idle_days);
        out.back().stage = f.stage;  // the stage whose control period was applied
      }
      break;
    case Family::kVelocity: {
      const std::vector<uint8_t> closed = closed_in_period(d, c.counted, c.period);
      for (size_t row = 0; row < d.size(); ++row) {
        const double days = won_velocity_days(c, closed, row);
        if (std::isnan(days) || !keep.keeps_deal(row)) continue;
        deal(row, days, kNull, d.closed_at[row], "won", false, days);
      }
      break;
    }
  }
  return out;
}

std::string text(const StringPool& pool, StrId id) { return std::string(pool.view(id)); }

DrillRow row_of(const Context& c, Family family, const Pick& p) {
  const Dataset& data = c.data;
  const DealTable& d = data.deals;
  DrillRow out;
  out.value = p.value;
  out.norm = p.norm;
  out.date = p.date;
  out.state = std::string(p.state);
  out.flagged = p.flagged;
  out.status = !p.flagged ? "ok" : family == Family::kTouches ? "warn" : "bad";
  if (family == Family::kOverdue) {
    out.task_id = std::string(data.tasks.id[p.index]);
    out.manager = text(data.strings, data.tasks.owner[p.index]);
  }
  if (p.deal_row < 0) return out;
  const auto row = static_cast<size_t>(p.deal_row);
  out.deal_id = std::string(data.ids.view(d.id[row]));
  out.title = std::string(d.title[row]);
  if (family != Family::kOverdue) out.manager = text(data.strings, d.owner[row]);
  out.stage = text(data.strings, p.stage != kNoStr ? p.stage : d.stage[row]);
  out.source = text(data.strings, d.source[row]);
  out.segment = text(data.strings, d.segment[row]);
  out.currency = text(data.strings, d.currency[row]);
  out.amount = d.amount[row];
  return out;
}

void number(std::string& out, double v) {
  if (std::isfinite(v)) fmt::format_to(std::back_inserter(out), "{}", v);
  else out.append("null");
}

void string_or_null(std::string& out, std::string_view s) {
  if (s.empty()) out.append("null");
  else append_json_string(out, s);
}

}  // namespace

DrillResult drill(const Dataset& data, const Settings& settings, const DrillQuery& query, Issue& error) {
  DrillResult result;
  result.metric = query.metric;
  const Alias* alias = nullptr;
  for (const Alias& a : kAliases) {
    if (a.key == query.metric) alias = &a;
  }
  if (alias == nullptr) {
    const bool plan = query.metric.rfind("plan", 0) == 0;
    error = {ErrorCode::kBadUsage, 0, 0, 0,
             plan ? fmt::format("{} has no deal list: the plan is a target, not a cohort of deals", query.metric)
                  : fmt::format("no drill-down for metric \"{}\"", query.metric)};
    return result;
  }
  if (!query.group_by.empty() && query.group_by != "source" && query.group_by != "lead_class" &&
      query.group_by != "segment") {
    error = {ErrorCode::kBadUsage, 0, 0, 0,
             fmt::format("group_by must be source, lead_class or segment, not \"{}\"", query.group_by)};
    return result;
  }
  const FamilyInfo& info = kFamilies[static_cast<size_t>(alias->family)];
  result.family = std::string(info.name);
  result.unit = std::string(info.unit);

  const Context c(data, settings);
  const Filter keep(c, query);
  std::vector<Pick> picks = pick(c, alias->family, keep);
  result.total = picks.size();
  result.flagged = static_cast<uint64_t>(std::count_if(picks.begin(), picks.end(), [](const Pick& p) { return p.flagged; }));
  if (query.flagged_only) std::erase_if(picks, [](const Pick& p) { return !p.flagged; });
  const size_t keep_n = std::min(picks.size(), query.limit);
  const auto before = [](const Pick& a, const Pick& b) {
    if (a.flagged != b.flagged) return a.flagged;
    if (a.order != b.order) return a.order > b.order;
    return a.index < b.index;
  };
  std::partial_sort(picks.begin(), picks.begin() + static_cast<std::ptrdiff_t>(keep_n), picks.end(), before);
  result.more = picks.size() - keep_n;

  result.rows.reserve(keep_n);
  for (size_t i = 0; i < keep_n; ++i) result.rows.push_back(row_of(c, alias->family, picks[i]));
  return result;
}

std::string to_json(const DrillResult& r) {
  std::string out = "{\"metric\":";
  append_json_string(out, r.metric);
  out.append(",\"family\":");
  append_json_string(out, r.family);
  out.append(",\"unit\":");
  string_or_null(out, r.unit);
  fmt::format_to(std::back_inserter(out), ",\"total\":{},\"flagged\":{},\"shown\":{},\"more\":{},\"rows\":[", r.total,
                 r.flagged, r.rows.size(), r.more);
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const DrillRow& row = r.rows[i];
    if (i > 0) out.push_back(',');
    out.append("{\"deal_id\":");
    string_or_null(out, row.deal_id);
    out.append(",\"task_id\":");
    string_or_null(out, row.task_id);
    out.append(",\"title\":");
    string_or_null(out, row.title);
    out.append(",\"manager\":");
    string_or_null(out, row.manager);
    out.append(",\"stage\":");
    string_or_null(out, row.stage);
    out.append(",\"source\":");
    string_or_null(out, row.source);
    out.append(",\"segment\":");
    string_or_null(out, row.segment);
    out.append(",\"amount\":");
    number(out, row.amount);
    out.append(",\"currency\":");
    string_or_null(out, row.currency);
    out.append(",\"date\":");
    if (row.date == kNoTime) out.append("null");
    else append_json_string(out, format_instant(row.date));
    out.append(",\"value\":");
    number(out, row.value);
    out.append(",\"norm\":");
    number(out, row.norm);
    out.append(",\"state\":");
    append_json_string(out, row.state);
    out.append(row.flagged ? ",\"flagged\":true" : ",\"flagged\":false");
    out.append(",\"status\":");
    append_json_string(out, row.status);
    out.push_back('}');
  }
  out.append("]}");
  return out;
}

}  // namespace kpi

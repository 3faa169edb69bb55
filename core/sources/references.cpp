#include "core/sources/references.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/model/text.h"

namespace kpi {
namespace {

// Activity ids of amoCRM calls: a call event and the call note it points at
// carry the same "amocrm:note:<id>" (amocrm_json.cpp).
constexpr std::string_view kAmoNoteId = "amocrm:note:";

bool listed(const std::vector<std::string>& names, std::string_view name) {
  const std::string folded = fold_case(name);
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return fold_case(n) == folded; });
}

}  // namespace

// Per name-pool id, for the stages open deals are in: the state its name gives
// by settings.won_stages / lost_stages (case-insensitive), -1 for none.
std::vector<int8_t> stage_name_states(const Dataset& data, const Settings& settings) {
  std::vector<int8_t> state(data.strings.size(), -2);  // -2: not looked at yet
  const DealTable& d = data.deals;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d.state[i] != DealState::kOpen) continue;
    int8_t& s = state[d.stage[i]];
    if (s != -2) continue;
    const std::string_view name = data.strings.view(d.stage[i]);
    s = name.empty()                             ? -1
        : listed(settings.won_stages, name)  ? static_cast<int8_t>(DealState::kWon)
        : listed(settings.lost_stages, name) ? static_cast<int8_t>(DealState::kLost)
                                             : -1;
  }
  return state;
}

// Deals read as open whose stage the settings name final become won / lost:
// decided at analysis time, so a change of won_stages needs no re-read.
bool close_by_stage_name(DealTable& d, const std::vector<int8_t>& state) {
  bool changed = false;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d.state[i] != DealState::kOpen || state[d.stage[i]] < 0) continue;
    d.state[i] = static_cast<DealState>(state[d.stage[i]]);
    changed = true;
  }
  return changed;
}

bool needs_resolution(const Dataset& data, const Settings& settings) {
  if (data.references.size() > 0) return true;
  const ActivityTable& a = data.activities;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.id[i].starts_with(kAmoNoteId)) return true;
  }
  // An open deal in a stage the settings call won or lost.
  const std::vector<int8_t> state = stage_name_states(data, settings);
  const DealTable& d = data.deals;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d.state[i] == DealState::kOpen && state[d.stage[i]] >= 0) return true;
  }
  return false;
}

std::vector<StrId> ResolvedReferences::remap(const Dataset& data) {
  std::vector<StrId> to(data.strings.size());
  std::iota(to.begin(), to.end(), StrId{0});
  const ReferenceTable& r = data.references;
  for (size_t i = 0; i < r.size(); ++i) to[r.key[i]] = r.name[i];  // rows in file order: the last file wins
  return to;
}

ResolvedReferences::ResolvedReferences(const Dataset& model, const Settings& settings)
    : data_(model), settings_(settings) {
  Dataset& data = data_;
  const ReferenceTable& r = data.references;
  const std::vector<StrId> to = remap(data);
  const bool renames = std::any_of(r.key.begin(), r.key.end(), [&](StrId k) { return to[k] != k; });

  // Deal state from stage semantics, for deals read as open: a Bitrix24
  // deal dumped without its stage group or CLOSED flag, in a custom final
  // stage. What a deal said of itself (amoCRM 142 / 143, STAGE_SEMANTIC_ID,
  // CLOSED) stands.
  std::vector<int8_t> state_of(data.strings.size(), -1);
  for (size_t i = 0; i < r.size(); ++i) {
    if (r.state[i] >= 0) state_of[r.key[i]] = r.state[i];
  }
  DealTable& d = data.deals;
  for (size_t i = 0; i < d.size(); ++i) {
    const int8_t s = state_of[d.stage[i]];
    if (s < 0 || d.state[i] != DealState::kOpen || static_cast<DealState>(s) == DealState::kOpen) continue;
    d.state[i] = static_cast<DealState>(s);
  }

  // A call read from both the events and the notes list is one call: the
  // note (it has the duration) stays; the event is detached from its deal.
  ActivityTable& a = data.activities;
  std::unordered_set<std::string_view> noted;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.duration_s[i] >= 0 && a.id[i].starts_with(kAmoNoteId)) noted.insert(a.id[i]);
  }
  if (!noted.empty()) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (a.duration_s[i] >= 0 || !noted.contains(a.id[i])) continue;
      a.deal_id[i] = kNoStr;
    }
  }

  // Stage order and final stages of each reference pipeline, for pipelines
  // the settings do not order themselves (pipeline.cpp reads settings.pipelines).
  std::vector<size_t> stages;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r.group[i] != kNoStr) stages.push_back(i);
  }
  std::stable_sort(stages.begin(), stages.end(), [&](size_t x, size_t y) {
    if (r.group[x] != r.group[y]) return r.group[x] < r.group[y];
    return r.sort[x] < r.sort[y];  // kNoSort (INT32_MIN) first: unordered stages lead
  });
  std::vector<std::pair<std::string, std::vector<std::string>>> added;
  for (size_t k = 0; k < stages.size();) {
    const StrId group = r.group[stages[k]];
    const std::string_view pipeline = data.strings.view(to[group]);
    const bool configured = std::any_of(settings.pipelines.begin(), settings.pipelines.end(),
                                        [&](const auto& p) { return fold_case(p.first) == fold_case(pipeline); });
    std::vector<std::string> names;
    for (; k < stages.size() && r.group[stages[k]] == group; ++k) {
      const size_t i = stages[k];
      if (to[r.key[i]] != r.name[i]) continue;  // a later file renamed this stage: its row says the order
      const std::string_view name = data.strings.view(r.name[i]);
      if (r.state[i] == static_cast<int8_t>(DealState::kWon) && !listed(settings_.won_stages, name)) {
        settings_.won_stages.emplace_back(name);
      } else if (r.state[i] == static_cast<int8_t>(DealState::kLost) && !listed(settings_.lost_stages, name)) {
        settings_.lost_stages.emplace_back(name);
      }
      if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
    }
    if (!configured) added.emplace_back(std::string(pipeline), std::move(names));
  }
  for (auto& p : added) settings_.pipelines.push_back(std::move(p));

  if (renames) rewrite(to);
  // Last, on resolved names: open deals in a stage the settings (or a reference) call final.
  close_by_stage_name(d, stage_name_states(data, settings_));
}

void ResolvedReferences::rewrite(const std::vector<StrId>& to) {
  Dataset& data = data_;
  DealTable& d = data.deals;
  for (auto* column : {&d.pipeline, &d.stage, &d.owner, &d.source, &d.segment, &d.loss_reason,
                       &data.stage_events.from_stage, &data.stage_events.to_stage, &data.stage_events.by,
                       &data.tasks.owner, &data.tasks.type, &data.activities.owner}) {
    for (StrId& id : *column) id = to[id];
  }
}

}  // namespace kpi

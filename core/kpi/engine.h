// Builds the whole report from the model and the settings. It reads only the
// columnar model (never the files), so changing norms, period or filters
// re-runs this alone.
#pragma once

#include <memory>
#include <vector>

#include "core/model/dataset.h"
#include "core/report/report.h"
#include "core/settings.h"

namespace kpi {

Report analyze(const Dataset& data, const Settings& settings, const std::vector<InputSummary>& inputs);
struct ContextIndex;
/// The same with the model's index built already (kept by the Analyzer across analyses).
Report analyze(const Dataset& data, const Settings& settings, const std::vector<InputSummary>& inputs,
               std::shared_ptr<const ContextIndex> index);

struct Context;
/// Every metric family over the context's period, unjudged, without the
/// board, the first-hour sections or the series: what a previous period and
/// each series point are made of (a context of Scope::kSeriesPoint fills the
/// team's and managers' metrics and samples alone).
Report analyze_period(const Context& c, const std::vector<InputSummary>& inputs);
/// Only the outcomes (won, lost, win rate, revenue) over the context's period:
/// all a previous window gives the judge (the team's win-rate norm).
Report analyze_outcomes(const Context& c);

}  // namespace kpi

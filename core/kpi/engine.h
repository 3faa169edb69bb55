// Builds the whole report from the model and the settings. It reads only the
// columnar model (never the files), so changing norms, period or filters
// re-runs this alone.
#pragma once

#include <vector>

#include "core/model/dataset.h"
#include "core/report/report.h"
#include "core/settings.h"

namespace kpi {

Report analyze(const Dataset& data, const Settings& settings, const std::vector<InputSummary>& inputs);

}  // namespace kpi

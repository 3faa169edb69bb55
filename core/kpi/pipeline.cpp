// compute_pipeline: see families.h.
#include "core/kpi/families.h"

namespace kpi {

void compute_pipeline(const Context& /*c*/, Report& r) {
  mark_unavailable(r, "conversion", "not computed by this version yet");
  mark_unavailable(r, "stalled", "not computed by this version yet");
  mark_unavailable(r, "velocity", "not computed by this version yet");
}

}  // namespace kpi

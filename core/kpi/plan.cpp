// compute_plan: see families.h.
#include "core/kpi/families.h"

namespace kpi {

void compute_plan(const Context& /*c*/, Report& r) {
  mark_unavailable(r, "plan", "not computed by this version yet");
}

}  // namespace kpi

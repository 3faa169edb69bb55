// compute_touches: see families.h.
#include "core/kpi/families.h"

namespace kpi {

void compute_touches(const Context& /*c*/, Report& r) {
  mark_unavailable(r, "touches", "not computed by this version yet");
}

}  // namespace kpi

// compute_response: see families.h.
#include "core/kpi/families.h"

namespace kpi {

void compute_response(const Context& /*c*/, Report& r) {
  mark_unavailable(r, "frt", "not computed by this version yet");
  mark_unavailable(r, "sla", "not computed by this version yet");
}

}  // namespace kpi

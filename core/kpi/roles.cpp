// Role KPI sets (issue 11): the table's look-up and its JSON (roles.h).
#include "core/kpi/roles.h"

#include <fmt/format.h>

#include "core/report/report.h"

namespace kpi {

const RolePreset* role_preset(std::string_view id) noexcept {
  for (const RolePreset& r : kRolePresets) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

namespace {
std::string json_number(double v) { return fmt::format("{}", v); }

void list(std::string& out, std::span<const std::string_view> items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
}
}  // namespace

std::string role_presets_json() {
  std::string out = "[";
  for (const RolePreset& r : kRolePresets) {
    if (out.size() > 1) out += ',';
    out += "{\"role\":";
    append_json_string(out, r.id);
    out += ",\"columns\":";
    list(out, r.columns);
    out += ",\"tiles\":";
    list(out, r.tiles);
    const Norms& n = r.norms;
    out += ",\"norms\":{\"frt_min\":{\"hot\":" + json_number(n.frt_min[0]) + ",\"warm\":" + json_number(n.frt_min[1]) +
           ",\"cold\":" + json_number(n.frt_min[2]) + "},\"sla_share\":" + json_number(n.sla_share) +
           ",\"next_step_share\":" + json_number(n.next_step_share) + ",\"overdue_share\":" +
           json_number(n.overdue_share) + ",\"touches\":[" + json_number(n.touches.first) + "," +
           json_number(n.touches.second) + "],\"stalled_share\":" + json_number(n.stalled_share) + "}}";
  }
  out += ']';
  return out;
}

}  // namespace kpi

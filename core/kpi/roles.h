// Role KPI sets (issue 11): for each kind of sales job, the matrix columns,
// the board tiles and the norms it is judged by. The core owns them (one
// judge): the settings key `role` picks one, the report's `layout` names its
// columns and tiles, and `role_presets_json()` gives the whole table to a face
// that offers them (the page's Settings, through Embind `role_presets()`).
// docs/kpi.md "Role KPI sets" says where every default comes from.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "core/settings.h"

namespace kpi {

struct RolePreset {
  std::string_view id;
  std::span<const std::string_view> columns;  ///< METRICS keys, in the matrix's order
  std::span<const std::string_view> tiles;    ///< board tile ids, in the board's order
  Norms norms;                                ///< the norms a click on the preset sets
};

namespace role_sets {
inline constexpr std::array<std::string_view, 11> kGeneralColumns = {
    "frt_median_min", "sla_share", "next_step_share", "overdue_share", "touches_per_won_mean", "stalled_share",
    "won_count", "lost_count", "win_rate", "revenue", "avg_won_amount"};
inline constexpr std::array<std::string_view, 6> kAllTiles = {"frt", "sla", "next_step", "overdue", "stalled",
                                                              "win_rate_by_source"};
inline constexpr std::array<std::string_view, 7> kColdColumns = {
    "touches_per_won_mean", "next_step_share", "overdue_share", "stalled_share", "won_count", "win_rate", "revenue"};
inline constexpr std::array<std::string_view, 4> kColdTiles = {"next_step", "overdue", "stalled", "win_rate_by_source"};
inline constexpr std::array<std::string_view, 7> kInboundColumns = {
    "frt_median_min", "sla_share", "next_step_share", "won_count", "win_rate", "revenue", "avg_won_amount"};
inline constexpr std::array<std::string_view, 4> kInboundTiles = {"frt", "sla", "next_step", "win_rate_by_source"};
inline constexpr std::array<std::string_view, 8> kAccountColumns = {
    "next_step_share", "overdue_share", "open_count", "stalled_share", "won_count", "revenue", "avg_won_amount",
    "plan_fact_share"};
inline constexpr std::array<std::string_view, 3> kAccountTiles = {"next_step", "overdue", "stalled"};
inline constexpr std::array<std::string_view, 7> kChatColumns = {
    "frt_median_min", "frt_p90_min", "sla_share", "sla_breached", "next_step_share", "won_count", "win_rate"};
inline constexpr std::array<std::string_view, 3> kChatTiles = {"frt", "sla", "next_step"};
inline constexpr std::array<std::string_view, 9> kHeadColumns = {
    "sla_share", "next_step_share", "overdue_share", "stalled_share", "won_count", "win_rate", "revenue",
    "plan_fact_share", "plan_pace"};
}  // namespace role_sets

/// Every role, "general" (the default) first. Norms not named in docs/kpi.md
/// as the role's own are spec/kpi.md §3's defaults (Norms{}).
inline const std::array<RolePreset, 6> kRolePresets = {{
    {"general", role_sets::kGeneralColumns, role_sets::kAllTiles, Norms{}},
    // Outbound to cold lists: no inbound lead to answer; judged on the follow-up discipline and the result.
    {"cold_sales", role_sets::kColdColumns, role_sets::kColdTiles, Norms{}},
    // Inbound leads: speed of the first answer first.
    {"inbound", role_sets::kInboundColumns, role_sets::kInboundTiles, Norms{}},
    // Existing clients: the pipeline kept moving, the plan.
    {"account_management", role_sets::kAccountColumns, role_sets::kAccountTiles, Norms{}},
    // Online chat: every lead is a hot one waiting in the window.
    {"online_chat", role_sets::kChatColumns, role_sets::kChatTiles, Norms{}},
    // Head of sales: the team's 7-10 metrics across the funnel and the plan.
    {"head_of_sales", role_sets::kHeadColumns, role_sets::kAllTiles, Norms{}},
}};

/// The preset named `id`, or nullptr.
const RolePreset* role_preset(std::string_view id) noexcept;

/// `[{role, columns, tiles, norms}]`: every preset, norms in the settings
/// document's shape (docs/report.md "Role KPI sets").
std::string role_presets_json();

}  // namespace kpi

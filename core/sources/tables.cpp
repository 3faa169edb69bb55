#include "core/sources/tables.h"

namespace kpi {

std::span<const ColumnSpec> table_columns(TableKind kind) noexcept {
  if (kind == TableKind::kUnknown || static_cast<size_t>(kind) > kTables.size()) return {};
  return spec_of(kind).columns;
}

TableKind table_kind_of(std::string_view name) noexcept {
  for (TableKind k : kTableKinds) {
    if (table_kind_name(k) == name) return k;
  }
  return TableKind::kUnknown;
}

std::string_view table_kind_name(TableKind kind) noexcept {
  switch (kind) {
    case TableKind::kDeals: return "deals";
    case TableKind::kStageEvents: return "stage_events";
    case TableKind::kTasks: return "tasks";
    case TableKind::kActivities: return "activities";
    case TableKind::kEvents: return "events";
    case TableKind::kPipelines: return "pipelines";
    case TableKind::kStatuses: return "statuses";
    case TableKind::kUsers: return "users";
    case TableKind::kLossReasons: return "loss_reasons";
    case TableKind::kUnknown: break;
  }
  return "";
}

void add_row_issue(InputSummary& summary, ErrorCode code, uint64_t line, uint64_t byte, uint32_t column,
                   std::string message, bool skipped, std::string rule, Params params) {
  if (skipped) ++summary.skipped;
  ++summary.issue_count;
  if (summary.issues.size() < kMaxIssuesKept) {
    summary.issues.push_back(Issue{code, line, byte, column, std::move(message), std::move(params), std::move(rule)});
  }
}

}  // namespace kpi

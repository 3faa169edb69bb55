// The canonical tables of spec/formats.md §1 (deals, stage_events, tasks,
// activities): their columns, in the order the row readers index them, and
// which ones a table needs. Shared by the header dictionary, header matching
// and inspection, and the row readers.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "core/sources/mapping.h"

namespace kpi {

/// The most columns a canonical table has.
inline constexpr size_t kMaxTableColumns = 16;

enum DealCol : size_t { kDId, kDTitle, kDPipeline, kDStage, kDState, kDOwner, kDSource, kDSegment,
                        kDAmount, kDCurrency, kDCreated, kDClosed, kDLossReason };
inline constexpr std::array<ColumnSpec, 13> kDealColumns = {{
    {"id", true}, {"title", false}, {"pipeline", false}, {"stage", true}, {"state", false},
    {"owner", true}, {"source", false}, {"segment", false}, {"amount", false}, {"currency", false},
    {"created_at", true}, {"closed_at", false}, {"loss_reason", false},
}};

enum EventCol : size_t { kEDeal, kEFrom, kETo, kEAt, kEBy };
inline constexpr std::array<ColumnSpec, 5> kStageEventColumns = {{
    {"deal_id", true}, {"from_stage", false}, {"to_stage", true}, {"at", true}, {"by", false},
}};

enum TaskCol : size_t { kTId, kTDeal, kTOwner, kTCreated, kTDue, kTCompleted, kTType };
inline constexpr std::array<ColumnSpec, 7> kTaskColumns = {{
    {"id", true}, {"deal_id", false}, {"owner", true}, {"created_at", false}, {"due_at", true},
    {"completed_at", false}, {"type", false},
}};

// `direction` is not in formats.md §1: CRM exports of calls write "Звонок" in
// one column and "Входящий"/"Исходящий" in another (the canonical type
// call_in/call_out carries both).
enum ActivityCol : size_t { kAId, kADeal, kAOwner, kAType, kAAt, kADuration, kADirection };
inline constexpr std::array<ColumnSpec, 7> kActivityColumns = {{
    {"id", false}, {"deal_id", true}, {"owner", false}, {"type", true}, {"at", true}, {"duration_s", false},
    {"direction", false},
}};

struct TableSpec {
  TableKind kind;
  std::span<const ColumnSpec> columns;
};
/// The four tables, in TableKind order (kTables[kind - 1]).
inline constexpr std::array<TableSpec, 4> kTables = {{
    {TableKind::kDeals, kDealColumns},
    {TableKind::kStageEvents, kStageEventColumns},
    {TableKind::kTasks, kTaskColumns},
    {TableKind::kActivities, kActivityColumns},
}};
static_assert(kDealColumns.size() <= kMaxTableColumns);

/// The index of a table kind in kTables (the four CSV tables only).
constexpr size_t table_index(TableKind kind) noexcept { return static_cast<size_t>(kind) - 1; }
constexpr const TableSpec& spec_of(TableKind kind) noexcept { return kTables[table_index(kind)]; }

}  // namespace kpi

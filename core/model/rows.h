// One row of each model table as a reader fills it, and the one append per
// table that every reader shares (the CSV / HTML / XLSX row readers in
// core/sources/canonical_csv.cpp and the JSON adapters through
// core/sources/crm_json.h). Ids and names are interned by the caller.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "core/model/dataset.h"

namespace kpi {

struct DealRow {
  StrId id = kNoStr, pipeline = kNoStr, stage = kNoStr, owner = kNoStr, source = kNoStr, segment = kNoStr,
        currency = kNoStr, loss_reason = kNoStr;
  std::string_view title;
  DealState state = DealState::kOpen;
  double amount = std::numeric_limits<double>::quiet_NaN();
  Instant created_at = kNoTime, closed_at = kNoTime;
};
struct StageEventRow {
  StrId deal_id = kNoStr, from_stage = kNoStr, to_stage = kNoStr, by = kNoStr;
  Instant at = kNoTime;
};
struct TaskRow {
  std::string_view id;
  StrId deal_id = kNoStr, owner = kNoStr, type = kNoStr;
  Instant created_at = kNoTime, due_at = kNoTime, completed_at = kNoTime;
};
struct ActivityRow {
  std::string_view id;
  StrId deal_id = kNoStr, owner = kNoStr;
  ActivityKind kind = ActivityKind::kCall;
  Direction direction = Direction::kNone;
  Instant at = kNoTime;
  int32_t duration_s = -1;
};

/// Appends one row, read from input `file`, to its table.
void append(Dataset& data, uint16_t file, const DealRow& r);
void append(Dataset& data, uint16_t file, const StageEventRow& r);
void append(Dataset& data, uint16_t file, const TaskRow& r);
void append(Dataset& data, uint16_t file, const ActivityRow& r);

}  // namespace kpi

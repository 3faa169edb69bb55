// The columnar model of spec/kpi.md §1: one struct of arrays per entity.
// Rows from every file are appended to the same tables; `file` records which
// input a row came from so a file can be dropped without re-reading others.
// Missing values: kNoStr, kNoTime, NaN (amount), -1 (duration).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/model/string_pool.h"
#include "core/model/text_column.h"
#include "core/model/time.h"

namespace kpi {

enum class DealState : uint8_t { kOpen = 0, kWon = 1, kLost = 2 };

struct DealTable {
  std::vector<StrId> id, pipeline, stage, owner, source, segment, currency, loss_reason;
  TextColumn title;
  std::vector<DealState> state;
  std::vector<double> amount;  // NaN = missing
  std::vector<Instant> created_at, closed_at;
  std::vector<uint16_t> file;
  size_t size() const noexcept { return id.size(); }
};

struct StageEventTable {
  std::vector<StrId> deal_id, from_stage, to_stage, by;
  std::vector<Instant> at;
  std::vector<uint16_t> file;
  size_t size() const noexcept { return deal_id.size(); }
};

struct TaskTable {
  TextColumn id;
  std::vector<StrId> deal_id, owner, type;
  std::vector<Instant> created_at, due_at, completed_at;
  std::vector<uint16_t> file;
  size_t size() const noexcept { return id.size(); }
};

enum class ActivityKind : uint8_t { kCall, kEmail, kMeeting, kMessage };
enum class Direction : uint8_t { kNone, kIn, kOut };

struct ActivityTable {
  TextColumn id;
  std::vector<StrId> deal_id, owner;
  std::vector<ActivityKind> kind;
  std::vector<Direction> direction;
  std::vector<Instant> at;
  std::vector<int32_t> duration_s;  // -1 = missing
  std::vector<uint16_t> file;
  size_t size() const noexcept { return deal_id.size(); }
};

/// The reference directory (docs/architecture.md, "References"): what the
/// CRM ids in API dumps stand for. JSON adapters write a placeholder
/// ("amocrm:user:5") into the tables and, from users / pipelines / statuses /
/// loss-reason files, a row here saying what that placeholder names. The
/// analysis resolves placeholders through this table (core/sources/references.h),
/// so files may come in any order and removing one is just dropping its rows.
struct ReferenceTable {
  static constexpr int32_t kNoSort = INT32_MIN;
  std::vector<StrId> key;     ///< the placeholder the other tables hold
  std::vector<StrId> name;    ///< the name it stands for
  std::vector<StrId> group;   ///< a stage's pipeline placeholder; kNoStr otherwise
  std::vector<int32_t> sort;  ///< a stage's (or pipeline's) order; kNoSort = none
  std::vector<int8_t> state;  ///< a stage's semantics: -1 unknown, else a DealState
  std::vector<uint16_t> file;
  size_t size() const noexcept { return key.size(); }
};

struct Dataset {
  StringPool strings;  ///< names: owners, stages, sources, reasons... (few, grouped on)
  StringPool ids;      ///< deal ids: deals.id and every deal_id column (one per deal, joined on)
  DealTable deals;
  StageEventTable stage_events;
  TaskTable tasks;
  ActivityTable activities;
  ReferenceTable references;

  /// Drops every row that came from input `file` and renumbers later files down by one.
  void remove_file(uint16_t file);
  size_t memory_bytes() const noexcept;
};

}  // namespace kpi

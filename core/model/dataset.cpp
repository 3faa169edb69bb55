#include "core/model/dataset.h"

namespace kpi {
namespace {

// Keeps the rows whose `file` is not `drop`, in order, in every column.
template <typename Table, typename... Columns>
void compact(Table& t, uint16_t drop, Columns&... columns) {
  size_t out = 0;
  const size_t n = t.file.size();
  for (size_t i = 0; i < n; ++i) {
    if (t.file[i] == drop) continue;
    ((columns[out] = columns[i]), ...);
    t.file[out] = static_cast<uint16_t>(t.file[i] > drop ? t.file[i] - 1 : t.file[i]);
    ++out;
  }
  (columns.resize(out), ...);
  t.file.resize(out);
}

template <typename... Columns>
size_t bytes_of(const Columns&... columns) {
  return ((columns.capacity() * sizeof(columns[0])) + ... + 0);
}

std::vector<uint8_t> kept(const std::vector<uint16_t>& file, uint16_t drop) {
  std::vector<uint8_t> keep(file.size());
  for (size_t i = 0; i < file.size(); ++i) keep[i] = file[i] != drop;
  return keep;
}

}  // namespace

void Dataset::remove_file(uint16_t f) {
  DealTable& d = deals;
  d.title.keep_rows(kept(d.file, f));  // text columns first: compact() rewrites `file`
  compact(d, f, d.id, d.pipeline, d.stage, d.owner, d.source, d.segment, d.currency,
          d.loss_reason, d.state, d.amount, d.created_at, d.closed_at);
  StageEventTable& e = stage_events;
  compact(e, f, e.deal_id, e.from_stage, e.to_stage, e.by, e.at);
  TaskTable& t = tasks;
  t.id.keep_rows(kept(t.file, f));
  compact(t, f, t.deal_id, t.owner, t.type, t.created_at, t.due_at, t.completed_at);
  ActivityTable& a = activities;
  a.id.keep_rows(kept(a.file, f));
  compact(a, f, a.deal_id, a.owner, a.kind, a.direction, a.at, a.duration_s);
  ReferenceTable& r = references;
  compact(r, f, r.key, r.name, r.group, r.sort, r.state);
}

size_t Dataset::memory_bytes() const noexcept {
  const DealTable& d = deals;
  const StageEventTable& e = stage_events;
  const TaskTable& t = tasks;
  const ActivityTable& a = activities;
  return strings.memory_bytes() + ids.memory_bytes() +
         d.title.memory_bytes() + t.id.memory_bytes() + a.id.memory_bytes() +
         bytes_of(d.id, d.pipeline, d.stage, d.owner, d.source, d.segment, d.currency,
                  d.loss_reason, d.state, d.amount, d.created_at, d.closed_at, d.file) +
         bytes_of(e.deal_id, e.from_stage, e.to_stage, e.by, e.at, e.file) +
         bytes_of(t.deal_id, t.owner, t.type, t.created_at, t.due_at, t.completed_at, t.file) +
         bytes_of(a.deal_id, a.owner, a.kind, a.direction, a.at, a.duration_s, a.file) +
         bytes_of(references.key, references.name, references.group, references.sort, references.state,
                  references.file);
}

}  // namespace kpi

#include "core/model/rows.h"

namespace kpi {

void append(Dataset& data, uint16_t file, const DealRow& r) {
  DealTable& d = data.deals;
  d.id.push_back(r.id);
  d.title.push_back(r.title);
  d.pipeline.push_back(r.pipeline);
  d.stage.push_back(r.stage);
  d.owner.push_back(r.owner);
  d.source.push_back(r.source);
  d.segment.push_back(r.segment);
  d.currency.push_back(r.currency);
  d.loss_reason.push_back(r.loss_reason);
  d.state.push_back(r.state);
  d.amount.push_back(r.amount);
  d.created_at.push_back(r.created_at);
  d.closed_at.push_back(r.closed_at);
  d.file.push_back(file);
}

void append(Dataset& data, uint16_t file, const StageEventRow& r) {
  StageEventTable& e = data.stage_events;
  e.deal_id.push_back(r.deal_id);
  e.from_stage.push_back(r.from_stage);
  e.to_stage.push_back(r.to_stage);
  e.by.push_back(r.by);
  e.at.push_back(r.at);
  e.file.push_back(file);
}

void append(Dataset& data, uint16_t file, const TaskRow& r) {
  TaskTable& t = data.tasks;
  t.id.push_back(r.id);
  t.deal_id.push_back(r.deal_id);
  t.owner.push_back(r.owner);
  t.type.push_back(r.type);
  t.created_at.push_back(r.created_at);
  t.due_at.push_back(r.due_at);
  t.completed_at.push_back(r.completed_at);
  t.file.push_back(file);
}

void append(Dataset& data, uint16_t file, const ActivityRow& r) {
  ActivityTable& a = data.activities;
  a.id.push_back(r.id);
  a.deal_id.push_back(r.deal_id);
  a.owner.push_back(r.owner);
  a.kind.push_back(r.kind);
  a.direction.push_back(r.direction);
  a.at.push_back(r.at);
  a.duration_s.push_back(r.duration_s);
  a.file.push_back(file);
}

}  // namespace kpi

// Bitrix24 REST dumps (docs/formats.md, "Bitrix24 REST JSON"): saved results
// of crm.deal.list, crm.stagehistory.list, crm.activity.list, tasks.task.list,
// crm.status.list, crm.category.list and user.get — one reply
// ({result, total, next, time}), an array of replies, or a bare array of
// entities per file. Users, stages, pipelines and sources are written as
// placeholders ("bitrix24:user:1", "bitrix24:stage:C3:WON",
// "bitrix24:pipeline:3", "bitrix24:source:CALL") resolved through the status,
// category and user files.
#pragma once

#include <string>

#include "core/sources/crm_json.h"

namespace kpi {

/// The method a reply's `result` comes from; `entities` is set to its list.
/// kUnknown: `found` says what it holds instead ("crm.contact.list
/// (contacts)"), or is empty for an empty result.
DumpKind bitrix24_result_kind(json::element result, json::array& entities, std::string& found);
/// The list a bare array of entities comes from, by the first one's fields.
DumpKind bitrix24_entity_kind(json::object first, std::string& found);

/// Reads the entities of one reply (or bare array) of the given kind.
void read_bitrix24(JsonIngest& in, DumpKind kind, json::array entities);

}  // namespace kpi

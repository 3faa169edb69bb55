#include "core/sources/bitrix24_json.h"

#include <algorithm>
#include <vector>

#include "core/io/number.h"
#include "core/sources/entity_fields.h"

namespace kpi {
namespace {

constexpr std::string_view kCrm = "bitrix24";
constexpr int64_t kOwnerDeal = 2;  // OWNER_TYPE_ID of deals (crm.enum.ownertype)

bool has(json::object o, std::string_view key) {
  json::element e;
  return json::member(o, key, e);
}

// tasks.task.list answers in camelCase; a select of UPPER_CASE names is
// sometimes echoed as is. Either spelling is read.
bool member2(json::object o, std::string_view camel, std::string_view upper, std::string_view& key) {
  json::element e;
  if (json::member(o, camel, e) && !e.is_null()) {
    key = camel;
    return true;
  }
  if (json::member(o, upper, e) && !e.is_null()) {
    key = upper;
    return true;
  }
  return false;
}

StrId user(JsonIngest& in, EntityFields& f, std::string_view key) {
  std::string_view id;
  json::element e;
  std::string text;
  if (!json::member(f.object(), key, e) || e.is_null() || !json::id_of(e, text) || text == "0") return kNoStr;
  id = text;
  return in.placeholder(kCrm, "user", id);
}

bool ends_with_stage(std::string_view stage, std::string_view code) {
  // "WON" or "C3:WON"
  return stage == code || (stage.size() > code.size() && stage.ends_with(code) && stage[stage.size() - code.size() - 1] == ':');
}

// State from the deal alone: STAGE_SEMANTIC_ID when given; else the system
// stage codes (the success stage is always WON / Cn:WON, the system failure
// stages LOSE and APOLOGY); else CLOSED = Y is a failure (Bitrix24 has one
// success stage per pipeline). A status file's semantics refine it at
// analysis time (references.h).
DealState deal_state(std::string_view stage, std::string_view semantic, bool closed) {
  if (semantic == "S") return DealState::kWon;
  if (semantic == "F") return DealState::kLost;
  if (semantic == "P") return DealState::kOpen;
  if (ends_with_stage(stage, "WON")) return DealState::kWon;
  if (ends_with_stage(stage, "LOSE") || ends_with_stage(stage, "APOLOGY")) return DealState::kLost;
  return closed ? DealState::kLost : DealState::kOpen;
}

void read_deal(JsonIngest& in, EntityFields& f) {
  if (!f.read_id("ID")) return;
  DealRow row;
  std::string_view stage;
  f.text("STAGE_ID", stage, Need::kRequired);
  f.iso_time("DATE_CREATE", row.created_at, Need::kRequired);
  if (!f.ok()) return;
  std::string_view semantic, category = "0", title, currency;
  f.text("STAGE_SEMANTIC_ID", semantic, Need::kOptional);
  std::string category_text;
  json::element e;
  if (json::member(f.object(), "CATEGORY_ID", e) && !e.is_null()) {
    if (json::id_of(e, category_text)) {
      category = category_text;
    } else {
      f.fail(ErrorCode::kBadValue, "\"CATEGORY_ID\" is not an id", Need::kOptional, "JSON_FIELD_NOT_ID",
             {text_param("field", "CATEGORY_ID")});
    }
  }
  f.text("TITLE", title, Need::kOptional);
  f.text("CURRENCY_ID", currency, Need::kOptional);
  if (!f.number("OPPORTUNITY", row.amount, Need::kOptional)) row.amount = kNull;
  row.title = title;
  row.id = in.data().ids.intern(f.id());
  row.pipeline = in.placeholder(kCrm, "pipeline", category);
  row.stage = in.placeholder(kCrm, "stage", stage);
  row.state = deal_state(stage, semantic, f.flag("CLOSED"));
  if (row.state != DealState::kOpen) {
    // CLOSEDATE is the (expected) close date; MOVED_TIME, the last stage
    // move, is when a closed deal was closed (crm-formats.md §7).
    if (!f.iso_time("MOVED_TIME", row.closed_at, Need::kOptional)) f.iso_time("CLOSEDATE", row.closed_at, Need::kOptional);
    // Bitrix24 has no loss-reason field: a portal's failure stages are its reasons.
    if (row.state == DealState::kLost) row.loss_reason = row.stage;
  } else if (semantic.empty() && json::is_absent_or_null(f.object(), "CLOSED")) {
    // Neither the stage group nor CLOSED was selected: a status file may yet
    // say the stage is final (references.h); if so, it was closed when it
    // entered that stage. Open deals ignore closed_at.
    f.iso_time("MOVED_TIME", row.closed_at, Need::kOptional);
  }
  row.owner = user(in, f, "ASSIGNED_BY_ID");
  std::string_view source;
  if (f.text("SOURCE_ID", source, Need::kOptional)) row.source = in.placeholder(kCrm, "source", source);
  row.currency = in.data().strings.intern(trim(currency));
  in.add(row);
}

// crm.stagehistory.list gives the stage each record entered; the stage it
// left is the same deal's previous record in the file (JsonIngest::finish),
// so the pages of one file make one history. A TYPE_ID 1 record (the deal
// was created in that stage) is no move: it is only the next one's from_stage.
void read_stage_history(JsonIngest& in, json::array items) {
  size_t index = 0;
  std::string deal;
  for (json::element e : items) {
    json::object o;
    const bool is_object = e.get_object().get(o) == simdjson::SUCCESS;
    EntityFields f(in, "items", index++, o);
    if (!is_object) {
      f.fail(ErrorCode::kBadValue, "not an object", Need::kRequired, "JSON_NOT_OBJECT", {});
      continue;
    }
    if (!f.read_id("ID")) continue;
    json::element owner;
    if (!json::member(o, "OWNER_ID", owner) || !json::id_of(owner, deal)) {
      f.fail(ErrorCode::kMissingValue, "\"OWNER_ID\" is missing or not an id", Need::kRequired, "JSON_FIELD_NOT_ID",
             {text_param("field", "OWNER_ID")});
      continue;
    }
    if (!has(o, "STAGE_ID") && has(o, "STATUS_ID")) continue;  // a lead's history, not a deal's
    std::string_view stage;
    StageEntry entry;
    int64_t type = 2;
    f.text("STAGE_ID", stage, Need::kRequired);
    f.iso_time("CREATED_TIME", entry.at, Need::kRequired);
    f.integer("TYPE_ID", type, Need::kOptional);
    if (!f.ok()) continue;
    entry.deal = in.data().ids.intern(deal);
    entry.stage = in.placeholder(kCrm, "stage", stage);
    entry.created = type == 1;
    in.add(entry);
  }
}

void read_activity(JsonIngest& in, EntityFields& f) {
  if (!f.read_id("ID")) return;
  int64_t owner_type = 0, type = 0, direction = 0;
  if (!f.integer("OWNER_TYPE_ID", owner_type, Need::kRequired) || !f.integer("TYPE_ID", type, Need::kRequired)) return;
  if (owner_type != kOwnerDeal) return;  // a lead's, contact's or company's activity
  if (has(f.object(), "COMPLETED") && !f.flag("COMPLETED")) return;  // planned, not yet a touch
  f.integer("DIRECTION", direction, Need::kOptional);
  const Direction dir = direction == 1 ? Direction::kIn : direction == 2 ? Direction::kOut : Direction::kNone;
  ActivityRow row;
  std::string_view provider;
  f.text("PROVIDER_ID", provider, Need::kOptional);
  switch (type) {
    case 1: row.kind = ActivityKind::kMeeting; row.direction = Direction::kOut; break;
    case 2: row.kind = ActivityKind::kCall; row.direction = dir; break;
    case 4: row.kind = ActivityKind::kEmail; row.direction = dir; break;
    case 6:
      // Provider activities: open-line chats and SMS are messages; others
      // (tasks, to-dos, web forms) are no touch.
      if (provider != "IMOPENLINES_SESSION" && provider != "CRM_SMS") return;
      row.kind = ActivityKind::kMessage;
      row.direction = dir == Direction::kNone ? (provider == "CRM_SMS" ? Direction::kOut : Direction::kIn) : dir;
      break;
    default: return;  // 3 task, 5 action: tasks come from tasks.task.list
  }
  int64_t deal = 0;
  f.integer("OWNER_ID", deal, Need::kRequired);
  if (!f.iso_time("START_TIME", row.at, Need::kOptional)) f.iso_time("CREATED", row.at, Need::kRequired);
  if (!f.ok()) return;
  if (row.kind == ActivityKind::kCall) {
    // No documented duration field: a finished call spans START_TIME..END_TIME.
    Instant end = kNoTime;
    if (f.iso_time("END_TIME", end, Need::kOptional) && end > row.at && end - row.at < 86400) {
      row.duration_s = static_cast<int32_t>(end - row.at);
    }
  }
  row.deal_id = in.data().ids.intern(in.id_text(deal));
  row.owner = user(in, f, "RESPONSIBLE_ID");
  row.id = in.row_id("bitrix24:activity:", f.id());
  in.add(row);
}

void read_task(JsonIngest& in, EntityFields& f) {
  std::string_view key;
  if (!f.read_id(member2(f.object(), "id", "ID", key) ? key : "id")) return;
  TaskRow row;
  if (member2(f.object(), "deadline", "DEADLINE", key)) f.iso_time(key, row.due_at, Need::kOptional);
  if (member2(f.object(), "createdDate", "CREATED_DATE", key)) f.iso_time(key, row.created_at, Need::kOptional);
  if (member2(f.object(), "closedDate", "CLOSED_DATE", key)) f.iso_time(key, row.completed_at, Need::kOptional);
  int64_t status = 0;
  if (row.completed_at == kNoTime && member2(f.object(), "status", "STATUS", key) &&
      f.integer(key, status, Need::kOptional) && status == 5) {
    // Completed (status 5) without a close date: its last change is when.
    if (member2(f.object(), "changedDate", "CHANGED_DATE", key)) f.iso_time(key, row.completed_at, Need::kOptional);
  }
  if (member2(f.object(), "responsibleId", "RESPONSIBLE_ID", key)) row.owner = user(in, f, key);
  // ufCrmTask: ["D_12", "C_5"]: the first deal binding.
  json::array links;
  if (member2(f.object(), "ufCrmTask", "UF_CRM_TASK", key) &&
      f.object().at_key(key).get(links) == simdjson::SUCCESS) {
    for (json::element link : links) {
      std::string_view s;
      if (json::string_of(link, s) && s.starts_with("D_") && s.size() > 2) {
        row.deal_id = in.data().ids.intern(s.substr(2));
        break;
      }
    }
  }
  row.id = in.row_id("bitrix24:task:", f.id());
  in.add(row);
}

int32_t sort_of(EntityFields& f, std::string_view key) {
  int64_t sort = 0;
  if (!f.integer(key, sort, Need::kOptional) || sort < INT32_MIN + 1 || sort > INT32_MAX) {
    return ReferenceTable::kNoSort;
  }
  return static_cast<int32_t>(sort);
}

// crm.status.list: deal stages (ENTITY_ID DEAL_STAGE for pipeline 0,
// DEAL_STAGE_<n> for pipeline n) and sources (SOURCE); other lists are not read.
void read_status(JsonIngest& in, EntityFields& f) {
  std::string_view entity, status, name;
  f.text("ENTITY_ID", entity, Need::kRequired);
  f.text("STATUS_ID", status, Need::kRequired);
  if (!f.ok()) return;
  if (entity == "SOURCE") {
    if (f.text("NAME", name, Need::kRequired)) {
      in.reference(in.placeholder(kCrm, "source", status), name);
      in.count_row();
    }
    return;
  }
  if (!entity.starts_with("DEAL_STAGE")) return;
  if (!f.text("NAME", name, Need::kRequired)) return;
  std::string category = "0";
  json::element e;
  if (json::member(f.object(), "CATEGORY_ID", e) && !e.is_null() && json::id_of(e, category)) {
  } else if (entity.size() > 11 && entity[10] == '_') {
    category = std::string(entity.substr(11));
  }
  std::string_view semantics;
  json::object extra;
  if (!f.text("SEMANTICS", semantics, Need::kOptional) &&
      f.object().at_key("EXTRA").get(extra) == simdjson::SUCCESS && json::member(extra, "SEMANTICS", e)) {
    json::string_of(e, semantics);
  }
  // apology ("Анализ причины провала") is in the failure group.
  const DealState state = semantics == "S" || semantics == "success" ? DealState::kWon
                          : semantics == "F" || semantics == "failure" || semantics == "apology"
                              ? DealState::kLost
                              : DealState::kOpen;
  in.reference(in.placeholder(kCrm, "stage", status), name, in.placeholder(kCrm, "pipeline", category),
               sort_of(f, "SORT"), static_cast<int8_t>(state));
  in.count_row();
}

// crm.category.list: {id, name, sort} (pipeline names).
void read_category(JsonIngest& in, EntityFields& f) {
  std::string_view key;
  if (!f.read_id(member2(f.object(), "id", "ID", key) ? key : "id")) return;
  std::string_view name;
  if (!f.text(member2(f.object(), "name", "NAME", key) ? key : "name", name, Need::kRequired)) return;
  in.reference(in.placeholder(kCrm, "pipeline", f.id()), name, kNoStr,
               sort_of(f, member2(f.object(), "sort", "SORT", key) ? key : "sort"));
  in.count_row();
}

// user.get: "NAME LAST_NAME".
void read_user(JsonIngest& in, EntityFields& f) {
  if (!f.read_id("ID")) return;
  std::string_view first, last;
  f.text("NAME", first, Need::kOptional);
  f.text("LAST_NAME", last, Need::kOptional);
  std::string name(trim(first));
  if (!trim(last).empty()) name += (name.empty() ? "" : " ") + std::string(trim(last));
  if (name.empty()) {
    f.fail(ErrorCode::kMissingValue, "the user has neither NAME nor LAST_NAME", Need::kRequired, "JSON_USER_NO_NAME", {});
    return;
  }
  in.reference(in.placeholder(kCrm, "user", f.id()), name);
  in.count_row();
}

std::string keys_of(json::object o) {
  std::string out;
  size_t n = 0;
  for (auto [key, value] : o) {
    if (n++ == 5) {
      out += ", ...";
      break;
    }
    out += (out.empty() ? "" : ", ") + std::string(key);
  }
  return out;
}

}  // namespace

DumpKind bitrix24_entity_kind(json::object o, std::string& found) {
  if (has(o, "OWNER_ID") && has(o, "STAGE_ID") && has(o, "CREATED_TIME")) return DumpKind::kStageEvents;
  if (has(o, "STAGE_ID") && (has(o, "OPPORTUNITY") || has(o, "CATEGORY_ID") || has(o, "TITLE"))) return DumpKind::kDeals;
  if (has(o, "OWNER_TYPE_ID") && has(o, "TYPE_ID")) return DumpKind::kActivities;
  if (has(o, "ENTITY_ID") && has(o, "STATUS_ID")) return DumpKind::kStatuses;
  if (has(o, "responsibleId") || has(o, "ufCrmTask") || (has(o, "title") && has(o, "deadline"))) return DumpKind::kTasks;
  if (has(o, "entityTypeId") && has(o, "name") && has(o, "id")) return DumpKind::kPipelines;
  if (has(o, "STATUS_ID") && has(o, "TITLE")) {
    found = "crm.lead.list (leads, not deals)";
  } else if (has(o, "COMPANY_TYPE")) {
    found = "crm.company.list (companies)";
  } else if (has(o, "HAS_PHONE") || has(o, "HAS_EMAIL") || (has(o, "NAME") && has(o, "ASSIGNED_BY_ID"))) {
    found = "crm.contact.list (contacts)";
  } else if (has(o, "ID") && (has(o, "NAME") || has(o, "LAST_NAME"))) {
    return DumpKind::kUsers;
  } else {
    found = "entities with the fields " + keys_of(o);
  }
  return DumpKind::kUnknown;
}

DumpKind bitrix24_result_kind(json::element result, json::array& entities, std::string& found) {
  json::object o;
  if (result.get_array().get(entities) == simdjson::SUCCESS) {
    if (entities.size() == 0) return DumpKind::kUnknown;
    json::object first;
    if (entities.at(0).get_object().get(first) != simdjson::SUCCESS) {
      found = "a list of non-objects";
      return DumpKind::kUnknown;
    }
    return bitrix24_entity_kind(first, found);
  }
  if (result.get_object().get(o) == simdjson::SUCCESS) {
    if (o.at_key("items").get(entities) == simdjson::SUCCESS) return DumpKind::kStageEvents;
    if (o.at_key("tasks").get(entities) == simdjson::SUCCESS) return DumpKind::kTasks;
    if (o.at_key("categories").get(entities) == simdjson::SUCCESS) return DumpKind::kPipelines;
    found = "an object with " + keys_of(o);
    if (o.size() == 0) found = "an empty object";
    return DumpKind::kUnknown;
  }
  found = "\"result\" is neither a list nor an object";
  return DumpKind::kUnknown;
}

void read_bitrix24(JsonIngest& in, DumpKind kind, json::array entities) {
  if (kind == DumpKind::kStageEvents) return read_stage_history(in, entities);
  const std::string_view list = "result";
  for_each_entity(in, list, entities, [&](EntityFields& f) {
    switch (kind) {
      case DumpKind::kDeals: read_deal(in, f); break;
      case DumpKind::kActivities: read_activity(in, f); break;
      case DumpKind::kTasks: read_task(in, f); break;
      case DumpKind::kStatuses: read_status(in, f); break;
      case DumpKind::kPipelines: read_category(in, f); break;
      case DumpKind::kUsers: read_user(in, f); break;
      default: return false;
    }
    return true;
  });
}

}  // namespace kpi

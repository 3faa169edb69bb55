#include "core/sources/amocrm_json.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/io/number.h"
#include "core/model/text.h"
#include "core/sources/entity_fields.h"

namespace kpi {
namespace {

constexpr std::string_view kCrm = "amocrm";
// Closed won / closed lost: the same two status ids in every pipeline
// (developers.kommo.com, "Leads pipelines and stages").
constexpr int64_t kWonStatus = 142, kLostStatus = 143;

constexpr std::array<std::pair<std::string_view, DumpKind>, 8> kLists = {{
    {"leads", DumpKind::kDeals},
    {"events", DumpKind::kEvents},
    {"tasks", DumpKind::kTasks},
    {"notes", DumpKind::kActivities},
    {"pipelines", DumpKind::kPipelines},
    {"statuses", DumpKind::kPipelines},
    {"users", DumpKind::kUsers},
    {"loss_reasons", DumpKind::kLossReasons},
}};

bool has(json::object o, std::string_view key) {
  json::element e;
  return json::member(o, key, e);
}

StrId user(JsonIngest& in, EntityFields& f, std::string_view key) {
  int64_t id = 0;
  // 0 is amoCRM's robot / "nobody": no manager.
  if (!f.integer(key, id, Need::kOptional) || id == 0) return kNoStr;
  return in.placeholder(kCrm, "user", id);
}

// The first value of a custom field, as text (values are strings or numbers).
std::string_view first_value(json::object field, std::string& scratch) {
  json::array values;
  if (field.at_key("values").get(values) != simdjson::SUCCESS || values.size() == 0) return {};
  json::object v;
  json::element value;
  if (values.at(0).get_object().get(v) != simdjson::SUCCESS || !json::member(v, "value", value)) return {};
  std::string_view s;
  if (json::string_of(value, s)) return s;
  double d = 0;
  if (json::number_of(value, d)) {
    scratch = fmt::format("{}", d);
    return scratch;
  }
  return {};
}

// Source and segment from custom fields, by code or name: amoCRM has no
// system source field in the lead object (docs/formats.md).
void custom_fields(json::object lead, std::string_view& source, std::string_view& segment, std::string& scratch_source,
                   std::string& scratch_segment, std::string& folded) {
  json::array fields;
  if (lead.at_key("custom_fields_values").get(fields) != simdjson::SUCCESS) return;
  for (json::element e : fields) {
    json::object field;
    if (e.get_object().get(field) != simdjson::SUCCESS) continue;
    std::string_view name, code;
    json::element v;
    if (json::member(field, "field_name", v)) json::string_of(v, name);
    if (json::member(field, "field_code", v)) json::string_of(v, code);
    fold_case(trim(name), folded);
    if (source.empty() && (code == "SOURCE" || folded == "источник" || folded == "source")) {
      source = first_value(field, scratch_source);
    } else if (segment.empty() && (code == "SEGMENT" || folded == "сегмент" || folded == "segment")) {
      segment = first_value(field, scratch_segment);
    }
  }
}

// `_embedded.loss_reason`: an object or an array of them ({id, name}); its
// name becomes a reference row, so the lead's placeholder resolves even
// without a loss-reasons file.
StrId embedded_loss_reason(JsonIngest& in, json::object lead) {
  json::object embedded;
  json::element e;
  if (lead.at_key("_embedded").get(embedded) != simdjson::SUCCESS || !json::member(embedded, "loss_reason", e)) {
    return kNoStr;
  }
  json::object reason;
  json::array list;
  if (e.get_array().get(list) == simdjson::SUCCESS) {
    if (list.size() == 0 || list.at(0).get_object().get(reason) != simdjson::SUCCESS) return kNoStr;
  } else if (e.get_object().get(reason) != simdjson::SUCCESS) {
    return kNoStr;
  }
  int64_t id = 0;
  std::string_view name;
  if (!json::member(reason, "id", e) || !json::int_of(e, id) || id == 0) return kNoStr;
  const StrId key = in.placeholder(kCrm, "loss_reason", id);
  if (json::member(reason, "name", e) && json::string_of(e, name)) in.reference(key, name);
  return key;
}

void read_lead(JsonIngest& in, EntityFields& f) {
  json::object o = f.object();
  if (!f.read_id("id")) return;
  json::element e;
  bool deleted = false;
  if (json::member(o, "is_deleted", e) && e.get_bool().get(deleted) == simdjson::SUCCESS && deleted) return;
  DealRow row;
  int64_t status = 0, pipeline = 0;
  f.integer("status_id", status, Need::kRequired);
  f.integer("pipeline_id", pipeline, Need::kRequired);
  f.unix_time("created_at", row.created_at, Need::kRequired);
  if (!f.ok()) return;
  f.unix_time("closed_at", row.closed_at, Need::kOptional);
  if (!f.number("price", row.amount, Need::kOptional)) row.amount = kNull;
  f.text("name", row.title, Need::kOptional);
  row.id = in.data().ids.intern(f.id());
  row.pipeline = in.placeholder(kCrm, "pipeline", pipeline);
  row.stage = in.stage_placeholder(kCrm, pipeline, status);
  row.state = status == kWonStatus ? DealState::kWon : status == kLostStatus ? DealState::kLost : DealState::kOpen;
  if (row.state == DealState::kOpen) row.closed_at = kNoTime;  // amo keeps closed_at of a reopened lead
  row.owner = user(in, f, "responsible_user_id");
  row.loss_reason = embedded_loss_reason(in, o);
  int64_t reason = 0;
  if (row.loss_reason == kNoStr && f.integer("loss_reason_id", reason, Need::kOptional) && reason != 0) {
    row.loss_reason = in.placeholder(kCrm, "loss_reason", reason);
  }
  std::string_view source, segment;
  std::string scratch_source, scratch_segment;
  custom_fields(o, source, segment, scratch_source, scratch_segment, in.fold_buffer());
  row.source = in.data().strings.intern(trim(source));
  row.segment = in.data().strings.intern(trim(segment));
  in.add(row);
}

// value_before / value_after of lead_status_changed: [{"lead_status": {"id", "pipeline_id"}}].
StrId lead_status(JsonIngest& in, json::object event, std::string_view key) {
  json::array values;
  json::object first, status;
  json::element e;
  if (event.at_key(key).get(values) != simdjson::SUCCESS || values.size() == 0 ||
      values.at(0).get_object().get(first) != simdjson::SUCCESS ||
      first.at_key("lead_status").get(status) != simdjson::SUCCESS) {
    return kNoStr;
  }
  int64_t id = 0, pipeline = 0;
  if (!json::member(status, "id", e) || !json::int_of(e, id)) return kNoStr;
  if (!json::member(status, "pipeline_id", e) || !json::int_of(e, pipeline)) return kNoStr;
  return in.stage_placeholder(kCrm, pipeline, id);
}

// The note a call event points at ([{"note": {"id"}}]), so that the call
// read from the notes list and from the events list is one activity.
bool event_note(json::object event, int64_t& note) {
  json::array values;
  json::object first, obj;
  json::element e;
  return event.at_key("value_after").get(values) == simdjson::SUCCESS && values.size() > 0 &&
         values.at(0).get_object().get(first) == simdjson::SUCCESS &&
         first.at_key("note").get(obj) == simdjson::SUCCESS && json::member(obj, "id", e) && json::int_of(e, note);
}

struct Touch {
  std::string_view type;
  ActivityKind kind;
  Direction dir;
};
// Events that are touches of the lead (docs/kpi.md, "Touches from API dumps").
constexpr std::array<Touch, 6> kEventTouches = {{
    {"incoming_call", ActivityKind::kCall, Direction::kIn},
    {"outgoing_call", ActivityKind::kCall, Direction::kOut},
    {"incoming_chat_message", ActivityKind::kMessage, Direction::kIn},
    {"outgoing_chat_message", ActivityKind::kMessage, Direction::kOut},
    {"incoming_sms", ActivityKind::kMessage, Direction::kIn},
    {"outgoing_sms", ActivityKind::kMessage, Direction::kOut},
}};

void read_event(JsonIngest& in, EntityFields& f) {
  json::object o = f.object();
  if (!f.read_id("id")) return;
  std::string_view type, entity_type;
  if (!f.text("type", type, Need::kRequired)) return;
  f.text("entity_type", entity_type, Need::kOptional);
  if (entity_type != "lead") return;  // contacts', companies' and tasks' events are no deal's
  const Touch* touch = nullptr;
  for (const Touch& t : kEventTouches) {
    if (t.type == type) touch = &t;
  }
  if (type != "lead_status_changed" && touch == nullptr) return;  // other event types are not read
  int64_t lead = 0;
  Instant at = kNoTime;
  f.integer("entity_id", lead, Need::kRequired);
  f.unix_time("created_at", at, Need::kRequired);
  if (!f.ok()) return;
  const StrId deal = in.data().ids.intern(in.id_text(lead));
  const StrId by = user(in, f, "created_by");
  if (touch == nullptr) {
    StageEventRow row;
    row.deal_id = deal;
    row.from_stage = lead_status(in, o, "value_before");
    row.to_stage = lead_status(in, o, "value_after");
    row.by = by;
    row.at = at;
    if (row.to_stage == kNoStr) {
      f.fail(ErrorCode::kBadValue, "\"value_after\" holds no lead_status {id, pipeline_id}", Need::kRequired,
             "JSON_NO_LEAD_STATUS", {text_param("field", "value_after")});
      return;
    }
    in.add(row);
    return;
  }
  int64_t note = 0;
  ActivityRow row;
  row.id = event_note(o, note) ? in.row_id("amocrm:note:", in.id_text(note)) : in.row_id("amocrm:event:", f.id());
  row.deal_id = deal;
  row.owner = by;
  row.kind = touch->kind;
  row.direction = touch->dir;
  row.at = at;
  in.add(row);
}

void read_task(JsonIngest& in, EntityFields& f) {
  if (!f.read_id("id")) return;
  TaskRow row;
  f.unix_time("complete_till", row.due_at, Need::kOptional);
  f.unix_time("created_at", row.created_at, Need::kOptional);
  if (!f.ok()) return;
  std::string_view entity_type;
  int64_t entity = 0;
  if (f.text("entity_type", entity_type, Need::kOptional) && entity_type == "leads" &&
      f.integer("entity_id", entity, Need::kOptional)) {
    row.deal_id = in.data().ids.intern(in.id_text(entity));
  }
  row.owner = user(in, f, "responsible_user_id");
  json::element e;
  bool completed = false;
  if (json::member(f.object(), "is_completed", e) && e.get_bool().get(completed) == simdjson::SUCCESS && completed) {
    // amoCRM keeps no completion time on the task: its last update is when it was closed.
    if (!f.unix_time("updated_at", row.completed_at, Need::kOptional)) row.completed_at = row.due_at;
  }
  int64_t type = 0;
  if (f.integer("task_type_id", type, Need::kOptional)) {
    // 1 "Связаться" / follow-up and 2 "Встреча" / meeting are amoCRM's built-in types.
    row.type = type == 1   ? in.data().strings.intern("follow_up")
               : type == 2 ? in.data().strings.intern("meeting")
                           : in.placeholder(kCrm, "task_type", type);
  }
  row.id = in.row_id("amocrm:task:", f.id());
  in.add(row);
}

struct NoteTouch {
  std::string_view type;
  ActivityKind kind;
  Direction dir;
};
constexpr std::array<NoteTouch, 4> kNoteTouches = {{
    {"call_in", ActivityKind::kCall, Direction::kIn},
    {"call_out", ActivityKind::kCall, Direction::kOut},
    {"sms_in", ActivityKind::kMessage, Direction::kIn},
    {"sms_out", ActivityKind::kMessage, Direction::kOut},
}};

void read_note(JsonIngest& in, EntityFields& f, const AmoPageHints& hints) {
  if (!f.read_id("id")) return;
  std::string_view type;
  if (!f.text("note_type", type, Need::kRequired)) return;
  const NoteTouch* touch = nullptr;
  for (const NoteTouch& t : kNoteTouches) {
    if (t.type == type) touch = &t;
  }
  if (touch == nullptr || !hints.lead_notes) return;  // common notes, service messages: not touches
  int64_t lead = 0;
  ActivityRow row;
  f.integer("entity_id", lead, Need::kRequired);
  f.unix_time("created_at", row.at, Need::kRequired);
  if (!f.ok()) return;
  row.deal_id = in.data().ids.intern(in.id_text(lead));
  row.owner = user(in, f, "responsible_user_id");
  if (row.owner == kNoStr) row.owner = user(in, f, "created_by");
  row.kind = touch->kind;
  row.direction = touch->dir;
  json::object params;
  json::element e;
  int64_t duration = 0;
  if (f.object().at_key("params").get(params) == simdjson::SUCCESS && json::member(params, "duration", e)) {
    if (json::int_of(e, duration) && duration >= 0 && duration < 1000000000) {
      row.duration_s = static_cast<int32_t>(duration);
    } else if (!e.is_null()) {
      f.fail(ErrorCode::kBadNumber, "\"params.duration\" is not a number of seconds", Need::kOptional,
             "JSON_FIELD_NOT_DURATION", {text_param("field", "params.duration")});
    }
  }
  row.id = in.row_id("amocrm:note:", f.id());
  in.add(row);
}

int32_t sort_of(EntityFields& f) {
  int64_t sort = 0;
  if (!f.integer("sort", sort, Need::kOptional) || sort < INT32_MIN + 1 || sort > INT32_MAX) {
    return ReferenceTable::kNoSort;
  }
  return static_cast<int32_t>(sort);
}

// One status of a pipeline: a stage placeholder with its name, order and
// semantics (142 won, 143 lost, every other status open).
void read_status(JsonIngest& in, EntityFields& f, int64_t pipeline) {
  if (!f.read_id("id")) return;
  int64_t status = 0;
  std::string_view name;
  f.integer("id", status, Need::kRequired);
  if (pipeline < 0) f.integer("pipeline_id", pipeline, Need::kRequired);
  f.text("name", name, Need::kRequired);
  if (!f.ok()) return;
  const int8_t state = status == kWonStatus    ? static_cast<int8_t>(DealState::kWon)
                       : status == kLostStatus ? static_cast<int8_t>(DealState::kLost)
                                               : static_cast<int8_t>(DealState::kOpen);
  in.reference(in.stage_placeholder(kCrm, pipeline, status), name, in.placeholder(kCrm, "pipeline", pipeline),
               sort_of(f), state);
  in.count_row();
}

void read_pipeline(JsonIngest& in, EntityFields& f) {
  if (!f.read_id("id")) return;
  int64_t pipeline = 0;
  std::string_view name;
  f.integer("id", pipeline, Need::kRequired);
  f.text("name", name, Need::kRequired);
  if (!f.ok()) return;
  in.reference(in.placeholder(kCrm, "pipeline", pipeline), name, kNoStr, sort_of(f));
  in.count_row();
  json::object embedded;
  json::array statuses;
  if (f.object().at_key("_embedded").get(embedded) != simdjson::SUCCESS ||
      embedded.at_key("statuses").get(statuses) != simdjson::SUCCESS) {
    return;
  }
  const std::string list = fmt::format("pipelines[{}].statuses", f.id());
  size_t index = 0;
  for (json::element e : statuses) {
    json::object o;
    const bool is_object = e.get_object().get(o) == simdjson::SUCCESS;
    EntityFields fields(in, list, index++, o);
    if (!is_object) {
      fields.fail(ErrorCode::kBadValue, "not an object", Need::kRequired, "JSON_NOT_OBJECT", {});
      continue;
    }
    read_status(in, fields, pipeline);
  }
}

// Users and loss reasons: {id, name}.
void read_named(JsonIngest& in, EntityFields& f, std::string_view what) {
  if (!f.read_id("id")) return;
  int64_t id = 0;
  std::string_view name;
  f.integer("id", id, Need::kRequired);
  f.text("name", name, Need::kRequired);
  if (!f.ok()) return;
  in.reference(in.placeholder(kCrm, what, id), name);
  in.count_row();
}

}  // namespace

AmoPageHints amocrm_page_hints(json::object page) {
  AmoPageHints hints;
  json::object links, self;
  json::element e;
  std::string_view href;
  if (page.at_key("_links").get(links) == simdjson::SUCCESS && links.at_key("self").get(self) == simdjson::SUCCESS &&
      json::member(self, "href", e) && json::string_of(e, href)) {
    for (std::string_view other : {"/contacts/", "/companies/", "/customers/"}) {
      if (href.find(other) != std::string_view::npos) hints.lead_notes = false;
    }
    hints.account = url_host(href);  // the account for links to deals (issue 10)
  }
  return hints;
}

DumpKind amocrm_page_kind(json::object embedded, std::string_view& list, std::string& found) {
  for (const auto& [key, kind] : kLists) {
    json::array a;
    if (embedded.at_key(key).get(a) == simdjson::SUCCESS) {
      list = key;
      return kind;
    }
  }
  for (auto [key, value] : embedded) {
    found = std::string(key);
    break;
  }
  return DumpKind::kUnknown;
}

DumpKind amocrm_entity_kind(json::object first) {
  if (has(first, "note_type")) return DumpKind::kActivities;
  if (has(first, "complete_till") || has(first, "task_type_id")) return DumpKind::kTasks;
  if (has(first, "type") && has(first, "entity_type") && has(first, "entity_id")) return DumpKind::kEvents;
  if (has(first, "status_id") && has(first, "pipeline_id")) return DumpKind::kDeals;
  json::object embedded;
  if (first.at_key("_embedded").get(embedded) == simdjson::SUCCESS && has(embedded, "statuses")) {
    return DumpKind::kPipelines;
  }
  if (has(first, "pipeline_id") && has(first, "name") && has(first, "sort")) return DumpKind::kPipelines;
  if (has(first, "id") && has(first, "name") && (has(first, "rights") || has(first, "email") || has(first, "lang"))) {
    return DumpKind::kUsers;
  }
  return DumpKind::kUnknown;  // a bare array of loss reasons is not told from other {id, name} lists
}

std::string_view amocrm_list_name(DumpKind kind) noexcept {
  for (const auto& [key, k] : kLists) {
    if (k == kind) return key;
  }
  return "items";
}

void read_amocrm(JsonIngest& in, DumpKind kind, json::array entities, std::string_view list, AmoPageHints hints) {
  for_each_entity(in, list, entities, [&](EntityFields& f) {
    switch (kind) {
      case DumpKind::kDeals: read_lead(in, f); break;
      case DumpKind::kEvents: read_event(in, f); break;
      case DumpKind::kTasks: read_task(in, f); break;
      case DumpKind::kActivities: read_note(in, f, hints); break;
      case DumpKind::kPipelines:
        if (list == "statuses") {
          read_status(in, f, -1);
        } else {
          read_pipeline(in, f);
        }
        break;
      case DumpKind::kUsers: read_named(in, f, "user"); break;
      case DumpKind::kLossReasons: read_named(in, f, "loss_reason"); break;
      default: return false;
    }
    return true;
  });
}

}  // namespace kpi

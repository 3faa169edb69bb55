#include "core/sources/crm_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "core/io/number.h"
#include "core/sources/amocrm_json.h"
#include "core/sources/bitrix24_json.h"

namespace kpi {

// ---- where a broken document breaks ------------------------------------------

namespace {

size_t skip_space(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')) ++i;
  return i;
}

// One scalar at i: returns the byte after it, or npos when it is no JSON scalar.
size_t scalar_end(std::string_view t, size_t i) {
  constexpr size_t kBad = std::string_view::npos;
  if (t[i] == '"') {
    for (size_t j = i + 1; j < t.size(); ++j) {
      if (t[j] == '\\') { ++j; continue; }
      if (t[j] == '"') return j + 1;
      if (static_cast<unsigned char>(t[j]) < 0x20) return kBad;
    }
    return t.size();  // the string never closes
  }
  for (std::string_view word : {"true", "false", "null"}) {
    if (t.substr(i, word.size()) == word) return i + word.size();
    if (word.substr(0, t.size() - i) == t.substr(i)) return t.size();  // cut inside the word
  }
  size_t j = i;
  if (t[j] == '-') ++j;
  const size_t digits = j;
  while (j < t.size() && ((t[j] >= '0' && t[j] <= '9') || t[j] == '.' || t[j] == 'e' || t[j] == 'E' ||
                          t[j] == '+' || t[j] == '-')) {
    ++j;
  }
  return j == digits ? kBad : j;
}

}  // namespace

// A small structural walk: containers on a stack, scalars skipped. It finds
// the first byte a JSON grammar rejects (it does not check escapes or number
// shapes, which simdjson's message covers).
size_t json_error_offset(std::string_view t) {
  enum Expect : uint8_t { kValue, kKey, kColon, kCommaOrEnd };
  std::vector<char> stack;  // '{' or '['
  size_t i = skip_space(t, 0);
  Expect expect = kValue;
  bool first = true;  // right after an opening bracket: a closing one is allowed
  while (true) {
    i = skip_space(t, i);
    if (i >= t.size()) return t.size();
    const char c = t[i];
    switch (expect) {
      case kValue:
        if (c == '{' || c == '[') {
          stack.push_back(c);
          expect = c == '{' ? kKey : kValue;
          first = true;
          ++i;
          continue;
        }
        if (c == ']' && first && !stack.empty() && stack.back() == '[') break;  // "[]"
        {
          const size_t end = scalar_end(t, i);
          if (end == std::string_view::npos) return i;
          if (end >= t.size()) return t.size();
          i = end;
        }
        if (stack.empty()) return skip_space(t, i) < t.size() ? skip_space(t, i) : t.size();
        expect = kCommaOrEnd;
        continue;
      case kKey:
        if (c == '}' && first) break;
        if (c != '"') return i;
        {
          const size_t end = scalar_end(t, i);
          if (end == std::string_view::npos) return i;
          i = end;
        }
        expect = kColon;
        continue;
      case kColon:
        if (c != ':') return i;
        ++i;
        expect = kValue;
        first = false;
        continue;
      case kCommaOrEnd:
        if (c == ',') {
          ++i;
          expect = stack.back() == '{' ? kKey : kValue;
          first = false;
          continue;
        }
        break;
    }
    // A closing bracket.
    if (stack.empty() || c != (stack.back() == '{' ? '}' : ']')) return i;
    stack.pop_back();
    ++i;
    if (stack.empty()) {
      const size_t rest = skip_space(t, i);
      return rest < t.size() ? rest : t.size();
    }
    expect = kCommaOrEnd;
    first = false;
  }
}

// ---- JSON value helpers ----------------------------------------------------------

namespace json {

bool int_of(element e, int64_t& out) noexcept {
  if (e.get_int64().get(out) == simdjson::SUCCESS) return true;
  double d = 0;
  if (e.get_double().get(d) == simdjson::SUCCESS) {
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9e15) return false;
    out = static_cast<int64_t>(d);
    return true;
  }
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return false;
  s = trim(s);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool number_of(element e, double& out) noexcept {
  if (e.get_double().get(out) == simdjson::SUCCESS) return true;
  int64_t i = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) {
    out = static_cast<double>(i);
    return true;
  }
  uint64_t u = 0;
  if (e.get_uint64().get(u) == simdjson::SUCCESS) {
    out = static_cast<double>(u);
    return true;
  }
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return false;
  return parse_amount(s, out);
}

bool string_of(element e, std::string_view& out) noexcept { return e.get_string().get(out) == simdjson::SUCCESS; }

bool id_of(element e, std::string& out) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) {
    s = trim(s);
    if (s.empty()) return false;
    out.assign(s);
    return true;
  }
  int64_t i = 0;
  if (!int_of(e, i)) return false;
  out = fmt::format("{}", i);
  return true;
}

}  // namespace json

TableKind table_kind_of(DumpKind kind) noexcept {
  switch (kind) {
    case DumpKind::kDeals: return TableKind::kDeals;
    case DumpKind::kEvents: return TableKind::kEvents;
    case DumpKind::kStageEvents: return TableKind::kStageEvents;
    case DumpKind::kTasks: return TableKind::kTasks;
    case DumpKind::kActivities: return TableKind::kActivities;
    case DumpKind::kPipelines: return TableKind::kPipelines;
    case DumpKind::kStatuses: return TableKind::kStatuses;
    case DumpKind::kUsers: return TableKind::kUsers;
    case DumpKind::kLossReasons: return TableKind::kLossReasons;
    case DumpKind::kUnknown: break;
  }
  return TableKind::kUnknown;
}

// ---- JsonIngest ------------------------------------------------------------------

std::string_view JsonIngest::id_text(int64_t id) noexcept {
  const auto [end, ec] = std::to_chars(digits_, digits_ + sizeof digits_, id);
  return ec == std::errc() ? std::string_view(digits_, static_cast<size_t>(end - digits_)) : std::string_view();
}

std::string_view JsonIngest::row_id(std::string_view prefix, std::string_view id) {
  row_id_.assign(prefix).append(id);
  return row_id_;
}

StrId JsonIngest::placeholder(std::string_view crm, std::string_view what, std::string_view id) {
  id = trim(id);
  if (id.empty()) return kNoStr;
  scratch_.assign(crm).append(":").append(what).append(":").append(id);
  return ctx_.data.strings.intern(scratch_);
}

StrId JsonIngest::placeholder(std::string_view crm, std::string_view what, int64_t id) {
  return placeholder(crm, what, id_text(id));
}

StrId JsonIngest::stage_placeholder(std::string_view crm, int64_t pipeline, int64_t status) {
  scratch_.assign(crm).append(":stage:").append(id_text(pipeline)).append(":").append(id_text(status));
  return ctx_.data.strings.intern(scratch_);
}

void JsonIngest::reference(StrId key, std::string_view name, StrId group, int32_t sort, int8_t state) {
  name = trim(name);
  if (key == kNoStr || name.empty()) return;
  const StrId name_id = ctx_.data.strings.intern(name);
  // Leads repeat their embedded loss reason: one row per key and name per file.
  if (key >= named_.size()) named_.resize(ctx_.data.strings.size() + 64, kNoStr);
  if (named_[key] == name_id && group == kNoStr) return;
  named_[key] = name_id;
  ReferenceTable& r = ctx_.data.references;
  r.key.push_back(key);
  r.name.push_back(name_id);
  r.group.push_back(group);
  r.sort.push_back(sort);
  r.state.push_back(state);
  r.file.push_back(ctx_.file);
}

void JsonIngest::entity_issue(ErrorCode code, std::string_view list, size_t index, std::string_view id,
                              std::string_view problem, bool skipped) {
  std::string where = id.empty() ? fmt::format("{}[{}]", list, index) : fmt::format("{}[{}] (id {})", list, index, id);
  ctx_.row_issue(code, 0, 0, 0, fmt::format("{}: {}", where, problem), skipped);
}

void JsonIngest::set_kind(DumpKind kind) {
  if (kind_ != DumpKind::kUnknown || kind == DumpKind::kUnknown) return;
  kind_ = kind;
  ctx_.summary.kind = std::string(table_kind_name(table_kind_of(kind)));
}

void JsonIngest::add(const DealRow& r) {
  append(ctx_.data, ctx_.file, r);
  count_row();
}

void JsonIngest::add(const StageEventRow& r) {
  append(ctx_.data, ctx_.file, r);
  count_row();
}

void JsonIngest::add(const TaskRow& r) {
  append(ctx_.data, ctx_.file, r);
  count_row();
}

void JsonIngest::add(const ActivityRow& r) {
  append(ctx_.data, ctx_.file, r);
  count_row();
}

// Records ordered per deal by time (file order on ties); each move leaves
// the deal's previous record's stage. A creation record is read (counted)
// but is no move.
void JsonIngest::finish() {
  std::stable_sort(entries_.begin(), entries_.end(), [](const StageEntry& a, const StageEntry& b) {
    return a.deal != b.deal ? a.deal < b.deal : a.at < b.at;
  });
  for (size_t i = 0; i < entries_.size(); ++i) {
    const StageEntry& e = entries_[i];
    if (e.created) {
      count_row();
      continue;
    }
    StageEventRow row;
    row.deal_id = e.deal;
    row.from_stage = i > 0 && entries_[i - 1].deal == e.deal ? entries_[i - 1].stage : kNoStr;
    row.to_stage = e.stage;
    row.at = e.at;
    add(row);
  }
  std::vector<StageEntry>().swap(entries_);
}

// ---- envelopes and pages -------------------------------------------------------

namespace {

enum class Crm : uint8_t { kNone, kAmo, kBitrix };

struct PageError {
  ErrorCode code = ErrorCode::kOk;
  std::string message;
};

// An error reply saved instead of data: Bitrix24 {"error", "error_description"},
// amoCRM problem+json {"title", "status", "detail"}.
bool error_reply(json::object page, PageError& err) {
  json::element e;
  std::string_view text, detail;
  if (json::member(page, "error", e) && !json::member(page, "result", e)) {
    json::member(page, "error", e);
    json::string_of(e, text);
    if (json::member(page, "error_description", e)) json::string_of(e, detail);
    err = {ErrorCode::kUnknownDocument,
           fmt::format("a Bitrix24 error reply, not data: {}{}{}", text, detail.empty() ? "" : ": ", detail)};
    return true;
  }
  if (json::member(page, "title", e) && json::string_of(e, text) && json::member(page, "status", e) &&
      !json::member(page, "_embedded", e)) {
    if (json::member(page, "detail", e)) json::string_of(e, detail);
    err = {ErrorCode::kUnknownDocument,
           fmt::format("an amoCRM error reply, not data: {}{}{}", text, detail.empty() ? "" : ": ", detail)};
    return true;
  }
  return false;
}

class DumpReader {
 public:
  explicit DumpReader(IngestContext ctx) : in_(ctx) {}

  // A page object: amoCRM {_page, _links, _embedded} or Bitrix24 {result, total, next, time}.
  bool read_page(json::object page, PageError& err) {
    if (error_reply(page, err)) return false;
    json::element e;
    if (json::member(page, "_embedded", e)) {
      json::object embedded;
      if (e.get_object().get(embedded) != simdjson::SUCCESS) {
        err = {ErrorCode::kUnknownDocument, "\"_embedded\" is not an object"};
        return false;
      }
      if (!claim(Crm::kAmo, err)) return false;
      std::string_view list;
      std::string found;
      const DumpKind kind = amocrm_page_kind(embedded, list, found);
      if (kind == DumpKind::kUnknown) {
        if (found.empty()) return true;  // an empty page: nothing to read
        err = {ErrorCode::kUnknownDocument,
               fmt::format("not a leads, events, tasks, notes, pipelines, users or loss_reasons page: it holds "
                           "\"{}\"",
                           found)};
        return false;
      }
      json::array entities;
      if (embedded.at_key(list).get(entities) != simdjson::SUCCESS) return true;  // checked by amocrm_page_kind
      in_.set_kind(kind);
      read_amocrm(in_, kind, entities, list, amocrm_page_hints(page));
      return true;
    }
    if (json::member(page, "result", e)) {
      if (!claim(Crm::kBitrix, err)) return false;
      json::array entities;
      std::string found;
      const DumpKind kind = bitrix24_result_kind(e, entities, found);
      if (kind == DumpKind::kUnknown) {
        if (found.empty()) return true;  // an empty result
        err = {ErrorCode::kUnknownDocument,
               fmt::format("not a crm.deal.list, crm.stagehistory.list, crm.activity.list, tasks.task.list, "
                           "crm.status.list, crm.category.list or user.get result: {}",
                           found)};
        return false;
      }
      in_.set_kind(kind);
      read_bitrix24(in_, kind, entities);
      return true;
    }
    err = {ErrorCode::kUnknownDocument,
           "an unknown JSON envelope: neither an amoCRM API v4 page (\"_embedded\") nor a Bitrix24 REST "
           "result (\"result\")"};
    return false;
  }

  // A bare array of entities, recognised by the first one's fields.
  bool read_entities(json::array items, PageError& err) {
    json::object first;
    if (items.at(0).get_object().get(first) != simdjson::SUCCESS) {
      err = {ErrorCode::kUnknownDocument, "a JSON array of neither pages nor CRM entities"};
      return false;
    }
    DumpKind kind = amocrm_entity_kind(first);
    Crm crm = Crm::kAmo;
    std::string found;
    if (kind == DumpKind::kUnknown) {
      kind = bitrix24_entity_kind(first, found);
      crm = Crm::kBitrix;
    }
    if (kind == DumpKind::kUnknown) {
      err = {ErrorCode::kUnknownDocument,
             found.empty() ? std::string("a JSON array of entities of no known CRM list (amoCRM leads, events, "
                                         "tasks, notes, pipelines, users, loss reasons; Bitrix24 deals, stage "
                                         "history, activities, tasks, statuses, users)")
                           : fmt::format("not a list of deals, stage history, activities, tasks, statuses or "
                                         "users: {}",
                                         found)};
      return false;
    }
    if (!claim(crm, err)) return false;
    in_.set_kind(kind);
    if (crm == Crm::kAmo) {
      read_amocrm(in_, kind, items, amocrm_list_name(kind), AmoPageHints{});
    } else {
      read_bitrix24(in_, kind, items);
    }
    return true;
  }

  void finish() { in_.finish(); }

 private:
  // One file, one CRM: the placeholders of two CRMs must not meet in one file's rows.
  bool claim(Crm crm, PageError& err) {
    if (crm_ == Crm::kNone) {
      crm_ = crm;
      in_.ctx().summary.format = crm == Crm::kAmo ? "amocrm-json" : "bitrix24-json";
      return true;
    }
    if (crm_ == crm) return true;
    err = {ErrorCode::kUnknownDocument, "the pages mix amoCRM and Bitrix24 dumps"};
    return false;
  }

  JsonIngest in_;
  Crm crm_ = Crm::kNone;
};

// A page has an envelope and no id; an entity has an id (and, in amoCRM,
// an `_embedded` of its own: tags, loss reason).
bool is_page(json::element e) {
  json::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return false;
  json::element ignored;
  if (json::member(o, "id", ignored) || json::member(o, "ID", ignored)) return false;
  return json::member(o, "_embedded", ignored) || json::member(o, "result", ignored) ||
         json::member(o, "_page", ignored) || json::member(o, "error", ignored);
}

}  // namespace

void read_json_dump(std::string& text, uint64_t base, IngestContext ctx) {
  InputSummary& summary = ctx.summary;
  auto fail = [&](ErrorCode code, uint64_t byte, std::string message) {
    summary.ok = false;
    summary.error = Issue{code, 0, byte, 0, fmt::format("{}: {}", summary.file, message)};
  };
  simdjson::dom::parser parser;
  if (parser.allocate(text.size() + 1) != simdjson::SUCCESS) {
    return fail(ErrorCode::kFileTooLarge, 0, "not enough memory to parse this JSON file");
  }
  simdjson::dom::element root;
  const simdjson::padded_string_view view(text.data(), text.size(), text.capacity());
  if (const auto error = parser.parse(view).get(root); error != simdjson::SUCCESS) {
    const size_t at = json_error_offset(text);
    const uint64_t byte = base + at;
    if (at < text.size()) {
      return fail(ErrorCode::kBadJson, byte,
                  fmt::format("the JSON is malformed at byte {}: {}", byte, simdjson::error_message(error)));
    }
    // The structure is whole up to the end: either the end came too early,
    // or the fault is inside a value (an escape, a number, bad UTF-8) or too
    // deep, which the structural walk does not place.
    using simdjson::error_code;
    if (error == error_code::DEPTH_ERROR || error == error_code::UTF8_ERROR || error == error_code::STRING_ERROR ||
        error == error_code::NUMBER_ERROR || error == error_code::BIGINT_ERROR) {
      return fail(ErrorCode::kBadJson, 0, fmt::format("the JSON is malformed: {}", simdjson::error_message(error)));
    }
    return fail(ErrorCode::kBadJson, byte,
                fmt::format("the JSON ends early at byte {} (the file looks truncated)", byte));
  }
  summary.format = "json";
  DumpReader reader(ctx);
  // Whatever was read stays, even when the file fails later (a bad page).
  struct Finish {
    DumpReader& r;
    ~Finish() { r.finish(); }
  } finish{reader};
  PageError err;
  json::object page;
  json::array items;
  if (root.get_object().get(page) == simdjson::SUCCESS) {
    if (!reader.read_page(page, err)) return fail(err.code, 0, err.message);
  } else if (root.get_array().get(items) == simdjson::SUCCESS) {
    if (items.size() == 0) return fail(ErrorCode::kEmptyFile, 0, "an empty JSON array");
    if (is_page(items.at(0).value_unsafe())) {
      size_t index = 0, read = 0;
      for (json::element p : items) {
        PageError page_err;
        json::object o;
        if (p.get_object().get(o) != simdjson::SUCCESS) {
          page_err = {ErrorCode::kUnknownDocument, "not a page object"};
        } else if (reader.read_page(o, page_err)) {
          ++read;
          ++index;
          continue;
        }
        // One bad page of many is skipped; the file fails only when none could be read.
        if (index == 0 && items.size() == 1) return fail(page_err.code, 0, page_err.message);
        ctx.row_issue(page_err.code, 0, 0, 0, fmt::format("page {}: {}", index + 1, page_err.message), true);
        ++index;
      }
      if (read == 0) return fail(ErrorCode::kUnknownDocument, 0, "no page of this array could be read");
    } else if (!reader.read_entities(items, err)) {
      return fail(err.code, 0, err.message);
    }
  } else {
    return fail(ErrorCode::kUnknownDocument, 0, "a JSON scalar, not a CRM dump");
  }
  if (summary.format == "json") return fail(ErrorCode::kUnknownDocument, 0, "a JSON document that is no CRM dump");
}

}  // namespace kpi

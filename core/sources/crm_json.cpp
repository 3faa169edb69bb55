#include "core/sources/crm_json.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "core/io/number.h"
#include "core/sources/amocrm_json.h"
#include "core/sources/bitrix24_json.h"

namespace kpi {

// ---- where a broken document breaks, and what is there ----------------------

namespace {

constexpr size_t kNoFault = std::string_view::npos;
constexpr size_t kMaxJsonDepth = 1024;  // simdjson's default

size_t skip_space(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')) ++i;
  return i;
}

// What is at byte `at`, for a message: 'x', a named control character, a
// UTF-8 character, or the byte in hex.
std::string shown(std::string_view t, size_t at) {
  if (at >= t.size()) return "the end of the file";
  const auto c = static_cast<unsigned char>(t[at]);
  if (c >= 0x20 && c < 0x7F) return fmt::format("'{}'", static_cast<char>(c));
  if (c == '\n') return "a line break";
  if (c == '\r') return "a carriage return";
  if (c == '\t') return "a tab";
  const size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len > 0 && at + len <= t.size() && simdjson::validate_utf8(t.data() + at, len)) {
    return fmt::format("'{}'", t.substr(at, len));
  }
  return fmt::format("the byte 0x{:02X}", c);
}

// One string at i (t[i] == '"'): the byte after it, text.size() when it
// never closes, or kNoFault with `fault` set (a raw control character, an
// unknown escape).
size_t string_end(std::string_view t, size_t i, size_t& fault_at, std::string& fault) {
  for (size_t j = i + 1; j < t.size(); ++j) {
    const auto c = static_cast<unsigned char>(t[j]);
    if (c == '"') return j + 1;
    if (c < 0x20) {
      fault_at = j;
      fault = fmt::format("found {} inside a string (a missing closing quote?)", shown(t, j));
      return kNoFault;
    }
    if (c != '\\') continue;
    if (j + 1 >= t.size()) return t.size();
    const char e = t[j + 1];
    if (e == 'u') {
      for (size_t k = j + 2; k < j + 6; ++k) {
        if (k >= t.size()) return t.size();
        if (!std::isxdigit(static_cast<unsigned char>(t[k]))) {
          fault_at = j;
          fault = fmt::format("found '{}', which is not a \\uXXXX escape", t.substr(j, std::min<size_t>(6, t.size() - j)));
          return kNoFault;
        }
      }
      j += 5;
      continue;
    }
    if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
      fault_at = j;
      fault = fmt::format("found '\\{}', which is not a JSON escape", e);
      return kNoFault;
    }
    ++j;
  }
  return t.size();  // the string never closes
}

// One number at i: the byte after it, or kNoFault with `fault` set when the
// token is no JSON number (JSON's grammar: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?).
size_t number_end(std::string_view t, size_t i, size_t& fault_at, std::string& fault) {
  size_t j = i;
  while (j < t.size() && ((t[j] >= '0' && t[j] <= '9') || t[j] == '.' || t[j] == 'e' || t[j] == 'E' ||
                          t[j] == '+' || t[j] == '-')) {
    ++j;
  }
  const std::string_view tok = t.substr(i, j - i);
  size_t k = 0;
  auto digits = [&] {
    const size_t from = k;
    while (k < tok.size() && tok[k] >= '0' && tok[k] <= '9') ++k;
    return k - from;
  };
  bool ok = true;
  if (k < tok.size() && tok[k] == '-') ++k;
  if (k < tok.size() && tok[k] == '0') {
    ++k;
  } else {
    ok = digits() > 0;
  }
  if (ok && k < tok.size() && tok[k] == '.') {
    ++k;
    ok = digits() > 0;
  }
  if (ok && k < tok.size() && (tok[k] == 'e' || tok[k] == 'E')) {
    ++k;
    if (k < tok.size() && (tok[k] == '+' || tok[k] == '-')) ++k;
    ok = digits() > 0;
  }
  ok = ok && k == tok.size();
  if (ok) return j;
  if (j >= t.size()) return t.size();  // cut inside the number: the end came too early
  fault_at = i;
  fault = fmt::format("found '{}', which is not a number", tok.substr(0, 40));
  return kNoFault;
}

// One scalar at i: the byte after it, t.size() when cut by the end, or
// kNoFault with `fault` set.
size_t scalar_end(std::string_view t, size_t i, size_t& fault_at, std::string& fault, std::string_view expected) {
  if (t[i] == '"') return string_end(t, i, fault_at, fault);
  for (std::string_view word : {"true", "false", "null"}) {
    if (t.substr(i, word.size()) == word) return i + word.size();
    if (word.substr(0, t.size() - i) == t.substr(i)) return t.size();  // cut inside the word
  }
  if (t[i] == '-' || (t[i] >= '0' && t[i] <= '9')) return number_end(t, i, fault_at, fault);
  fault_at = i;
  fault = fmt::format("found {} where {} was expected", shown(t, i), expected);
  if (t.substr(i, 2) == "//" || t.substr(i, 2) == "/*") fault += " (JSON has no comments)";
  if (t[i] == '\'') fault += " (JSON strings take double quotes)";
  return kNoFault;
}

}  // namespace

// A small structural walk: containers on a stack, scalars checked. It finds
// the first byte a JSON grammar rejects and says what is there.
JsonFault json_fault(std::string_view t) {
  enum Expect : uint8_t { kValue, kKey, kColon, kCommaOrEnd };
  std::vector<char> stack;  // '{' or '['
  JsonFault f;
  auto fail = [&](size_t at, std::string what) {
    f.at = at;
    f.what = std::move(what);
    return f;
  };
  auto found = [&](size_t at, std::string_view expected) {
    std::string what = fmt::format("found {} where {} was expected", shown(t, at), expected);
    if (t.substr(at, 2) == "//" || t.substr(at, 2) == "/*") what += " (JSON has no comments)";
    return fail(at, std::move(what));
  };
  size_t i = skip_space(t, 0);
  Expect expect = kValue;
  bool first = true;         // right after an opening bracket: a closing one is allowed
  bool after_string = false;  // the value before was a string: a stray letter hints at a lost quote
  while (true) {
    i = skip_space(t, i);
    if (i >= t.size()) return fail(t.size(), "");
    const char c = t[i];
    switch (expect) {
      case kValue:
        if (c == '{' || c == '[') {
          if (stack.size() >= kMaxJsonDepth) {
            return fail(i, fmt::format("found {} nested deeper than {} levels", shown(t, i), kMaxJsonDepth));
          }
          stack.push_back(c);
          expect = c == '{' ? kKey : kValue;
          first = true;
          ++i;
          continue;
        }
        if (c == ']' && first && !stack.empty() && stack.back() == '[') break;  // "[]"
        {
          size_t at = 0;
          std::string what;
          const size_t end = scalar_end(t, i, at, what, "a value");
          if (end == kNoFault) return fail(at, std::move(what));
          if (end >= t.size()) return fail(t.size(), "");
          after_string = c == '"';
          i = end;
        }
        if (stack.empty()) {
          const size_t rest = skip_space(t, i);
          return rest < t.size() ? found(rest, "the end of the document") : fail(t.size(), "");
        }
        expect = kCommaOrEnd;
        continue;
      case kKey:
        if (c == '}' && first) break;
        if (c != '"') return found(i, first ? "a quoted key or '}'" : "a quoted key");
        {
          size_t at = 0;
          std::string what;
          const size_t end = string_end(t, i, at, what);
          if (end == kNoFault) return fail(at, std::move(what));
          if (end >= t.size()) return fail(t.size(), "");
          i = end;
        }
        after_string = true;
        expect = kColon;
        continue;
      case kColon:
        if (c != ':') {
          JsonFault r = found(i, "':'");
          if (after_string && std::isalnum(static_cast<unsigned char>(c))) r.what += " (a missing quote before it?)";
          return r;
        }
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
    const char want = stack.empty() ? 0 : (stack.back() == '{' ? '}' : ']');
    if (c != want) {
      JsonFault r = found(i, expect == kCommaOrEnd ? fmt::format("',' or '{}'", want) : std::string("a value"));
      if (expect == kCommaOrEnd && after_string && std::isalnum(static_cast<unsigned char>(c))) {
        r.what += " (a missing quote before it?)";
      }
      return r;
    }
    stack.pop_back();
    ++i;
    after_string = false;
    if (stack.empty()) {
      const size_t rest = skip_space(t, i);
      return rest < t.size() ? found(rest, "the end of the document") : fail(t.size(), "");
    }
    expect = kCommaOrEnd;
    first = false;
  }
}

size_t json_error_offset(std::string_view t) { return json_fault(t).at; }

size_t first_invalid_utf8(std::string_view t) {
  // The longest prefix that is valid UTF-8 (a sequence cut by the prefix's
  // end allowed): binary search with simdjson's validator, the one validator.
  auto valid_prefix = [&](size_t n) {
    std::string_view p = t.substr(0, n);
    size_t i = p.size(), continuation = 0;
    while (continuation < 3 && i > 0 && (static_cast<unsigned char>(p[i - 1]) & 0xC0) == 0x80) {
      --i;
      ++continuation;
    }
    if (i > 0) {
      const auto lead = static_cast<unsigned char>(p[i - 1]);
      const size_t len = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
      if (len > continuation + 1) p = p.substr(0, i - 1);
    }
    return simdjson::validate_utf8(p.data(), p.size());
  };
  if (valid_prefix(t.size()) && simdjson::validate_utf8(t.data(), t.size())) return t.size();
  size_t lo = 0, hi = t.size();  // valid_prefix(lo) holds, valid_prefix(hi) may not
  while (hi - lo > 1) {
    const size_t mid = lo + (hi - lo) / 2;
    (valid_prefix(mid) ? lo : hi) = mid;
  }
  // Byte lo breaks it: a sequence the prefix left open (its lead byte), the
  // sequence byte lo ends (its lead byte), or byte lo itself.
  if (lo > 0 && !simdjson::validate_utf8(t.data(), lo)) {
    size_t k = lo - 1;
    while (k > 0 && (static_cast<unsigned char>(t[k]) & 0xC0) == 0x80) --k;
    return k;
  }
  size_t j = lo;
  while (j > 0 && lo - j < 3 && (static_cast<unsigned char>(t[j]) & 0xC0) == 0x80) --j;
  return static_cast<unsigned char>(t[j]) >= 0xC0 ? j : lo;
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
                              std::string_view problem, bool skipped, std::string rule, Params params) {
  std::string where = id.empty() ? fmt::format("{}[{}]", list, index) : fmt::format("{}[{}] (id {})", list, index, id);
  params.insert(params.begin(), text_param("entity", id.empty() ? fmt::format("{}[{}]", list, index)
                                                                 : fmt::format("{}[{}] #{}", list, index, id)));
  ctx_.row_issue(code, 0, 0, 0, fmt::format("{}: {}", where, problem), skipped, std::move(rule), std::move(params));
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
// the deal's previous record's stage. A creation record is the deal's entry
// into its first stage: a stage event with no from_stage (issue 12, defect
// 3: a history of creation records alone is a history, and its records of
// deals no file holds count in unlinked_rows like any other).
void JsonIngest::finish() {
  std::stable_sort(entries_.begin(), entries_.end(), [](const StageEntry& a, const StageEntry& b) {
    return a.deal != b.deal ? a.deal < b.deal : a.at < b.at;
  });
  for (size_t i = 0; i < entries_.size(); ++i) {
    const StageEntry& e = entries_[i];
    StageEventRow row;
    row.deal_id = e.deal;
    row.from_stage = !e.created && i > 0 && entries_[i - 1].deal == e.deal ? entries_[i - 1].stage : kNoStr;
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
  std::string rule;  // the strings-table key (core/error.h Issue::rule)
  Params params;
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
           fmt::format("a Bitrix24 error reply, not data: {}{}{}", text, detail.empty() ? "" : ": ", detail),
           "JSON_ERROR_REPLY",
           {text_param("crm", "Bitrix24"), text_param("error", fmt::format("{}{}{}", text, detail.empty() ? "" : ": ", detail))}};
    return true;
  }
  if (json::member(page, "title", e) && json::string_of(e, text) && json::member(page, "status", e) &&
      !json::member(page, "_embedded", e)) {
    if (json::member(page, "detail", e)) json::string_of(e, detail);
    err = {ErrorCode::kUnknownDocument,
           fmt::format("an amoCRM error reply, not data: {}{}{}", text, detail.empty() ? "" : ": ", detail),
           "JSON_ERROR_REPLY",
           {text_param("crm", "amoCRM"), text_param("error", fmt::format("{}{}{}", text, detail.empty() ? "" : ": ", detail))}};
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
        err = {ErrorCode::kUnknownDocument, "\"_embedded\" is not an object", "JSON_EMBEDDED_NOT_OBJECT", {}};
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
                           found),
               "JSON_UNKNOWN_AMO_PAGE", {text_param("found", found)}};
        return false;
      }
      json::array entities;
      if (embedded.at_key(list).get(entities) != simdjson::SUCCESS) return true;  // checked by amocrm_page_kind
      in_.set_kind(kind);
      AmoPageHints hints = amocrm_page_hints(page);
      if (!hints.account.empty()) {
        InputSummary& summary = in_.ctx().summary;
        summary.account = hints.account;
        summary.account_crm = "amocrm";
        summary.account_from = "api_dump";
      }
      read_amocrm(in_, kind, entities, list, std::move(hints));
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
                           found),
               "JSON_UNKNOWN_BITRIX_RESULT", {text_param("found", found)}};
        return false;
      }
      in_.set_kind(kind);
      read_bitrix24(in_, kind, entities);
      return true;
    }
    err = {ErrorCode::kUnknownDocument,
           "an unknown JSON envelope: neither an amoCRM API v4 page (\"_embedded\") nor a Bitrix24 REST "
           "result (\"result\")",
           "JSON_UNKNOWN_ENVELOPE", {}};
    return false;
  }

  // A bare array of entities, recognised by the first one's fields.
  bool read_entities(json::array items, PageError& err) {
    json::object first;
    if (items.at(0).get_object().get(first) != simdjson::SUCCESS) {
      err = {ErrorCode::kUnknownDocument, "a JSON array of neither pages nor CRM entities", "JSON_ARRAY_NOT_ENTITIES", {}};
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
                                         found),
             found.empty() ? "JSON_UNKNOWN_ENTITIES" : "JSON_UNKNOWN_BITRIX_ENTITIES",
             found.empty() ? Params{} : Params{text_param("found", found)}};
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
    err = {ErrorCode::kUnknownDocument, "the pages mix amoCRM and Bitrix24 dumps", "JSON_MIXED_CRMS", {}};
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

namespace {

// The manifest `kpi-lens fetch` keeps in its folder (.kpi-fetch/state.json,
// wasm/fetch.mjs): no rows, but the CRM and the account's origin, for the
// deal links (issue 10) — a Bitrix24 API page names no portal.
bool read_fetch_manifest(json::element root, InputSummary& summary) {
  json::object o;
  json::element e;
  std::string_view schema, crm, account;
  if (root.get_object().get(o) != simdjson::SUCCESS || !json::member(o, "schema", e) || !json::string_of(e, schema) ||
      schema.rfind("kpi-lens/fetch-state@", 0) != 0) {
    return false;
  }
  summary.format = "fetch-json";
  summary.kind = "fetch_manifest";
  if (json::member(o, "crm", e) && json::string_of(e, crm) && (crm == "amocrm" || crm == "bitrix24") &&
      json::member(o, "account", e) && json::string_of(e, account)) {
    summary.account = url_host(account);
    if (!summary.account.empty()) {
      summary.account_crm = std::string(crm);
      summary.account_from = "fetch_manifest";
    }
  }
  return true;
}

}  // namespace

void read_json_dump(std::string& text, uint64_t base, IngestContext ctx) {
  InputSummary& summary = ctx.summary;
  auto fail = [&](ErrorCode code, uint64_t byte, std::string message, std::string rule, Params params = {}) {
    summary.ok = false;
    summary.error = Issue{code, 0, byte, 0, fmt::format("{}: {}", summary.file, message), std::move(params), std::move(rule)};
  };
  simdjson::dom::parser parser;
  if (parser.allocate(text.size() + 1) != simdjson::SUCCESS) {
    return fail(ErrorCode::kFileTooLarge, 0, "not enough memory to parse this JSON file", "JSON_NO_MEMORY");
  }
  simdjson::dom::element root;
  const simdjson::padded_string_view view(text.data(), text.size(), text.capacity());
  if (const auto error = parser.parse(view).get(root); error != simdjson::SUCCESS) {
    using simdjson::error_code;
    if (error == error_code::UTF8_ERROR) {
      const size_t bad = first_invalid_utf8(text);
      const uint64_t byte = base + bad;
      return fail(ErrorCode::kBadJson, byte,
                  fmt::format("the JSON is malformed at byte {}: found {}, which is not UTF-8 text", byte,
                              shown(text, bad)),
                  "JSON_NOT_UTF8", {number_param("byte", static_cast<double>(byte))});
    }
    const JsonFault fault = json_fault(text);
    const uint64_t byte = base + fault.at;
    if (fault.at < text.size()) {
      return fail(ErrorCode::kBadJson, byte, fmt::format("the JSON is malformed at byte {}: {}", byte, fault.what),
                  "JSON_MALFORMED", {number_param("byte", static_cast<double>(byte))});
    }
    if (error == error_code::DEPTH_ERROR) {
      return fail(ErrorCode::kBadJson, 0,
                  fmt::format("the JSON nests deeper than {} levels, which no CRM dump does", kMaxJsonDepth),
                  "JSON_TOO_DEEP", {number_param("n", kMaxJsonDepth)});
    }
    if (error == error_code::BIGINT_ERROR || error == error_code::NUMBER_ERROR) {
      return fail(ErrorCode::kBadJson, 0, "the JSON holds a number too large to read", "JSON_NUMBER_TOO_LARGE");
    }
    return fail(ErrorCode::kBadJson, byte,
                fmt::format("the JSON ends early at byte {} (the file looks truncated)", byte),
                "JSON_TRUNCATED", {number_param("byte", static_cast<double>(byte))});
  }
  summary.format = "json";
  if (read_fetch_manifest(root, summary)) return;
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
    if (!reader.read_page(page, err)) return fail(err.code, 0, err.message, err.rule, err.params);
  } else if (root.get_array().get(items) == simdjson::SUCCESS) {
    if (items.size() == 0) return fail(ErrorCode::kEmptyFile, 0, "an empty JSON array", "JSON_EMPTY_ARRAY");
    if (is_page(items.at(0).value_unsafe())) {
      size_t index = 0, read = 0;
      for (json::element p : items) {
        PageError page_err;
        json::object o;
        if (p.get_object().get(o) != simdjson::SUCCESS) {
          page_err = {ErrorCode::kUnknownDocument, "not a page object", "JSON_NOT_PAGE", {}};
        } else if (reader.read_page(o, page_err)) {
          ++read;
          ++index;
          continue;
        }
        // One bad page of many is skipped; the file fails only when none could be read.
        if (index == 0 && items.size() == 1) return fail(page_err.code, 0, page_err.message, page_err.rule, page_err.params);
        // The page's own rule is the `reason` (rendered by the strings table in turn).
        Params params = std::move(page_err.params);
        params.insert(params.begin(), {number_param("page", static_cast<double>(index + 1)), text_param("reason", page_err.rule)});
        ctx.row_issue(page_err.code, 0, 0, 0, fmt::format("page {}: {}", index + 1, page_err.message), true,
                      "JSON_PAGE_SKIPPED", std::move(params));
        ++index;
      }
      if (read == 0) return fail(ErrorCode::kUnknownDocument, 0, "no page of this array could be read", "JSON_NO_PAGE_READ");
    } else if (!reader.read_entities(items, err)) {
      return fail(err.code, 0, err.message, err.rule, err.params);
    }
  } else {
    return fail(ErrorCode::kUnknownDocument, 0, "a JSON scalar, not a CRM dump", "JSON_SCALAR");
  }
  if (summary.format == "json") return fail(ErrorCode::kUnknownDocument, 0, "a JSON document that is no CRM dump", "JSON_NOT_DUMP");
}

}  // namespace kpi

namespace kpi {

namespace {

std::string_view endpoint_of(std::string_view format, std::string_view kind) {
  constexpr std::pair<std::string_view, std::string_view> kAmo[] = {
      {"deals", "leads"}, {"events", "events"}, {"tasks", "tasks"}, {"activities", "notes"},
      {"pipelines", "leads/pipelines"}, {"users", "users"}, {"loss_reasons", "leads/loss_reasons"}};
  constexpr std::pair<std::string_view, std::string_view> kBitrix[] = {
      {"deals", "crm.deal.list"}, {"stage_events", "crm.stagehistory.list"}, {"activities", "crm.activity.list"},
      {"tasks", "tasks.task.list"}, {"statuses", "crm.status.list"}, {"pipelines", "crm.category.list"},
      {"users", "user.get"}};
  const bool amo = format == "amocrm-json";
  for (const auto& [k, e] : amo ? std::span(kAmo) : std::span(kBitrix)) {
    if (k == kind) return e;
  }
  return {};
}

std::string time_text(Instant t) { return t == kNoTime ? std::string() : format_instant(t); }

// The first rows of the scratch model's table, as cells of its fields.
void preview_rows_of(const Dataset& d, std::string_view kind, size_t n, Inspection& in) {
  std::vector<std::string> fields;
  auto name = [&](StrId s) { return s == kNoStr ? std::string() : std::string(d.strings.view(s)); };
  auto id = [&](StrId s) { return s == kNoStr ? std::string() : std::string(d.ids.view(s)); };
  auto amount = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); };
  if (kind == "deals") {
    fields = {"id", "title", "stage", "owner", "amount", "created_at", "closed_at"};
    for (size_t i = 0; i < d.deals.size() && i < n; ++i) {
      in.preview.push_back({id(d.deals.id[i]), std::string(d.deals.title[i]), name(d.deals.stage[i]),
                            name(d.deals.owner[i]), amount(d.deals.amount[i]), time_text(d.deals.created_at[i]),
                            time_text(d.deals.closed_at[i])});
    }
  } else if (kind == "stage_events" || kind == "events") {
    fields = {"deal_id", "from_stage", "to_stage", "at"};
    for (size_t i = 0; i < d.stage_events.size() && i < n; ++i) {
      in.preview.push_back({id(d.stage_events.deal_id[i]), name(d.stage_events.from_stage[i]),
                            name(d.stage_events.to_stage[i]), time_text(d.stage_events.at[i])});
    }
  } else if (kind == "tasks") {
    fields = {"id", "deal_id", "owner", "due_at", "completed_at"};
    for (size_t i = 0; i < d.tasks.size() && i < n; ++i) {
      in.preview.push_back({std::string(d.tasks.id[i]), id(d.tasks.deal_id[i]), name(d.tasks.owner[i]),
                            time_text(d.tasks.due_at[i]), time_text(d.tasks.completed_at[i])});
    }
  } else if (kind == "activities") {
    fields = {"id", "deal_id", "owner", "at", "duration_s"};
    for (size_t i = 0; i < d.activities.size() && i < n; ++i) {
      const int32_t s = d.activities.duration_s[i];
      in.preview.push_back({std::string(d.activities.id[i]), id(d.activities.deal_id[i]), name(d.activities.owner[i]),
                            time_text(d.activities.at[i]), s < 0 ? std::string() : fmt::format("{}", s)});
    }
  } else {
    fields = {"key", "name"};
    for (size_t i = 0; i < d.references.size() && i < n; ++i) {
      in.preview.push_back({name(d.references.key[i]), name(d.references.name[i])});
    }
  }
  for (const std::string& field : fields) {
    ColumnGuess& c = in.columns.emplace_back();
    c.name = field;
    c.field = field;
    c.by = "json";
    c.confidence = 1;
  }
  in.header_columns = in.columns.size();
}

}  // namespace

void inspect_json_dump(std::string& text, uint64_t base, IngestContext ctx, size_t preview_rows) {
  Dataset scratch;
  InputSummary& summary = ctx.summary;
  read_json_dump(text, base, IngestContext{scratch, ctx.settings, ctx.file, summary, ctx.line_word});
  if (!summary.ok || summary.format == "fetch-json") return;  // a fetch folder's manifest holds no table
  Inspection in;
  in.kind = summary.kind;
  in.kind_by = "json";
  in.crm = summary.format == "amocrm-json" ? "amocrm" : "bitrix24";
  in.endpoint = std::string(endpoint_of(summary.format, summary.kind));
  in.entities = summary.rows + summary.skipped;
  preview_rows_of(scratch, summary.kind, preview_rows, in);
  summary.inspection = std::move(in);
}

}  // namespace kpi

// Reading the fields of one JSON entity with the adapters' error rule: a
// required field that is missing or of the wrong type skips the entity with
// an issue naming the list, the index and the id ("leads[3] (id 17):
// \"created_at\" is not a unix time"); an optional one of the wrong type is
// dropped with an issue and the entity kept.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/sources/crm_json.h"

namespace kpi {

enum class Need : uint8_t { kOptional, kRequired };

class EntityFields {
 public:
  EntityFields(JsonIngest& in, std::string_view list, size_t index, json::object o)
      : in_(in), list_(list), index_(index), o_(o) {}

  json::object object() const noexcept { return o_; }
  /// The entity's id as text (for messages and deal ids); set by read_id.
  const std::string& id() const noexcept { return id_; }
  /// False once a required field failed: the caller drops the entity.
  bool ok() const noexcept { return ok_; }

  /// Reads the id (integer or string) under `key`; required.
  bool read_id(std::string_view key) {
    json::element e;
    if (!json::member(o_, key, e) || !json::id_of(e, id_)) {
      id_.clear();
      return fail(ErrorCode::kMissingValue, fmt::format("\"{}\" is missing or not an id", key), Need::kRequired,
                  "JSON_FIELD_NOT_ID", {text_param("field", key)});
    }
    return true;
  }

  /// An integer (or numeric string). False when absent, null or bad.
  bool integer(std::string_view key, int64_t& out, Need need) {
    json::element e;
    if (!json::member(o_, key, e) || e.is_null()) return missing(key, need);
    if (json::int_of(e, out)) return true;
    return fail(ErrorCode::kBadValue, fmt::format("\"{}\" is not an integer", key), need, "JSON_FIELD_NOT_INTEGER",
                {text_param("field", key)});
  }
  /// A number (or numeric string).
  bool number(std::string_view key, double& out, Need need) {
    json::element e;
    if (!json::member(o_, key, e) || e.is_null()) return missing(key, need);
    if (json::number_of(e, out)) return true;
    return fail(ErrorCode::kBadNumber, fmt::format("\"{}\" is not a number", key), need, "JSON_FIELD_NOT_NUMBER",
                {text_param("field", key)});
  }
  /// A string; an empty string counts as absent.
  bool text(std::string_view key, std::string_view& out, Need need) {
    json::element e;
    if (!json::member(o_, key, e) || e.is_null()) return missing(key, need);
    if (!json::string_of(e, out)) {
      return fail(ErrorCode::kBadValue, fmt::format("\"{}\" is not a string", key), need, "JSON_FIELD_NOT_STRING",
                  {text_param("field", key)});
    }
    if (out.empty()) return missing(key, need);
    return true;
  }
  /// Unix seconds (amoCRM); 0 counts as absent.
  bool unix_time(std::string_view key, Instant& out, Need need) {
    int64_t v = 0;
    json::element e;
    if (!json::member(o_, key, e) || e.is_null()) return missing(key, need);
    if (!json::int_of(e, v) || v < 0 || v > 32503680000) {  // up to year 3000
      return fail(ErrorCode::kBadTimestamp, fmt::format("\"{}\" is not a unix time", key), need, "JSON_FIELD_NOT_UNIX_TIME",
                  {text_param("field", key)});
    }
    if (v == 0) return missing(key, need);
    out = v;
    return true;
  }
  /// An ISO 8601 text (Bitrix24), read in the settings' zone when it has no offset.
  bool iso_time(std::string_view key, Instant& out, Need need) {
    std::string_view s;
    if (!text(key, s, need)) return false;
    if (parse_instant(s, in_.ctx().settings.tz, out)) return true;
    out = kNoTime;
    return fail(ErrorCode::kBadTimestamp,
                fmt::format("\"{}\" is not a date/time: \"{}\"", key, s.substr(0, 40)), need, "JSON_FIELD_NOT_DATE",
                {text_param("field", key), text_param("value", s.substr(0, 40))});
  }
  /// "Y" / "N" (Bitrix24 flags); false when absent.
  bool flag(std::string_view key) {
    std::string_view s;
    json::element e;
    if (!json::member(o_, key, e)) return false;
    bool b = false;
    if (e.get_bool().get(b) == simdjson::SUCCESS) return b;
    return json::string_of(e, s) && (s == "Y" || s == "y" || s == "1" || s == "true");
  }

  /// Records a problem with the entity; a required field's drops it.
  /// `rule` and `params`: the strings-table key and its values (core/error.h);
  /// the entity's place is added as the `entity` param ("leads[3] #17").
  bool fail(ErrorCode code, std::string_view problem, Need need, std::string rule, Params params) {
    const bool drop = need == Need::kRequired && ok_;  // an entity is skipped once
    in_.entity_issue(code, list_, index_, id_, problem, drop, std::move(rule), std::move(params));
    if (need == Need::kRequired) ok_ = false;
    return false;
  }

 private:
  bool missing(std::string_view key, Need need) {
    if (need == Need::kOptional) return false;
    return fail(ErrorCode::kMissingValue, fmt::format("\"{}\" is missing", key), need, "JSON_FIELD_MISSING",
                {text_param("field", key)});
  }

  JsonIngest& in_;
  std::string_view list_;
  size_t index_;
  json::object o_;
  std::string id_;
  bool ok_ = true;
};

/// Calls `read(EntityFields&)` for each entity of a list; an entity that is not
/// an object is skipped with its index named. `read` returns false to stop
/// (a list of a kind the adapter does not read).
template <class Read>
void for_each_entity(JsonIngest& in, std::string_view list, json::array entities, Read&& read) {
  size_t index = 0;
  for (json::element e : entities) {
    json::object o;
    const bool is_object = e.get_object().get(o) == simdjson::SUCCESS;
    EntityFields f(in, list, index++, o);
    if (!is_object) {
      f.fail(ErrorCode::kBadValue, "not an object", Need::kRequired, "JSON_NOT_OBJECT", {});
      continue;
    }
    if (!read(f)) return;
  }
}

}  // namespace kpi

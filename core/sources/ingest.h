// What every source adapter needs while it reads one file: the model to
// append to, the settings (time zone), the file's index, and its summary,
// where row problems are counted and the first few kept with their place.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/model/dataset.h"
#include "core/report/report.h"
#include "core/settings.h"

namespace kpi {

/// What a file holds. The first four are model tables (and canonical CSV
/// tables); the rest come from CRM API dumps (docs/formats.md): events (amoCRM
/// stage changes and touches in one list) and the reference lists that name
/// ids (users, pipelines, statuses, loss reasons).
enum class TableKind : uint8_t {
  kUnknown, kDeals, kStageEvents, kTasks, kActivities,
  kEvents, kPipelines, kStatuses, kUsers, kLossReasons,
};

/// "deals", "stage_events", "tasks", "activities", "events", "pipelines",
/// "statuses", "users", "loss_reasons" ("" for unknown).
std::string_view table_kind_name(TableKind kind) noexcept;

/// Counts a row problem in a file's summary and keeps the first few.
/// `rule` and `params` are the strings-table key and its values (core/error.h Issue).
void add_row_issue(InputSummary& summary, ErrorCode code, uint64_t line, uint64_t byte, uint32_t column,
                   std::string message, bool skipped, std::string rule = {}, Params params = {});

/// The host of "https://HOST/..." when HOST is a plain host name (letters,
/// digits, dots, hyphens, at least one dot); "" otherwise.
std::string url_host(std::string_view url);

/// A link to one deal in a CRM (issue 10): amoCRM "https://HOST/leads/detail/ID"
/// or Bitrix24 "https://HOST/crm/deal/details/ID/". Sets the account's host
/// and "amocrm" / "bitrix24"; false for anything else.
bool crm_deal_url(std::string_view text, std::string& host, std::string& crm);

struct IngestContext {
  Dataset& data;
  const Settings& settings;
  uint16_t file;
  InputSummary& summary;
  /// What a record's `line` counts in messages: "line" (CSV, HTML) or "row" (a sheet's row number).
  std::string_view line_word = "line";

  /// Records a row problem; `skipped` says whether the row was dropped.
  void row_issue(ErrorCode code, uint64_t line, uint64_t byte, uint32_t column, std::string message,
                 bool skipped, std::string rule = {}, Params params = {}) {
    add_row_issue(summary, code, line, byte, column, std::move(message), skipped, std::move(rule), std::move(params));
  }
};

}  // namespace kpi

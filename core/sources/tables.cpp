#include "core/sources/tables.h"

#include <algorithm>

#include "core/sources/ingest.h"

namespace kpi {

std::span<const ColumnSpec> table_columns(TableKind kind) noexcept {
  if (kind == TableKind::kUnknown || static_cast<size_t>(kind) > kTables.size()) return {};
  return spec_of(kind).columns;
}

TableKind table_kind_of(std::string_view name) noexcept {
  for (TableKind k : kTableKinds) {
    if (table_kind_name(k) == name) return k;
  }
  return TableKind::kUnknown;
}

std::string_view table_kind_name(TableKind kind) noexcept {
  switch (kind) {
    case TableKind::kDeals: return "deals";
    case TableKind::kStageEvents: return "stage_events";
    case TableKind::kTasks: return "tasks";
    case TableKind::kActivities: return "activities";
    case TableKind::kEvents: return "events";
    case TableKind::kPipelines: return "pipelines";
    case TableKind::kStatuses: return "statuses";
    case TableKind::kUsers: return "users";
    case TableKind::kLossReasons: return "loss_reasons";
    case TableKind::kUnknown: break;
  }
  return "";
}

void add_row_issue(InputSummary& summary, ErrorCode code, uint64_t line, uint64_t byte, uint32_t column,
                   std::string message, bool skipped, std::string rule, Params params) {
  if (skipped) ++summary.skipped;
  ++summary.issue_count;
  if (summary.issues.size() < kMaxIssuesKept) {
    summary.issues.push_back(Issue{code, line, byte, column, std::move(message), std::move(params), std::move(rule)});
  }
}

// ---- Deal links (issue 10): the account's host from a URL a file holds.

std::string url_host(std::string_view url) {
  const size_t at = url.find("://");
  if (at == std::string_view::npos) return {};
  std::string_view host = url.substr(at + 3);
  host = host.substr(0, host.find('/'));
  const bool plain = !host.empty() && host.find('.') != std::string_view::npos &&
                     std::all_of(host.begin(), host.end(), [](char ch) {
                       return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-';
                     });
  return plain ? std::string(host) : std::string();
}

bool crm_deal_url(std::string_view text, std::string& host, std::string& crm) {
  if (text.size() > 300 || (text.rfind("https://", 0) != 0 && text.rfind("http://", 0) != 0)) return false;
  const std::string h = url_host(text);
  if (h.empty()) return false;
  const std::string_view path = text.substr(text.find("://") + 3 + h.size());
  const auto id_follows = [&](std::string_view prefix) {
    if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size()) return false;
    const std::string_view id = path.substr(prefix.size());
    const size_t digits = id.find_first_not_of("0123456789");
    if (digits == 0) return false;
    if (digits == std::string_view::npos) return true;
    std::string_view rest = id.substr(digits);  // "", "/", then maybe a query or a fragment
    if (rest.front() == '/') rest.remove_prefix(1);
    return rest.empty() || rest.front() == '?' || rest.front() == '#';
  };
  if (id_follows("/leads/detail/")) crm = "amocrm";
  else if (id_follows("/crm/deal/details/")) crm = "bitrix24";
  else return false;
  host = h;
  return true;
}

}  // namespace kpi

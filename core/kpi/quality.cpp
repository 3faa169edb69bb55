// Data quality (spec/kpi.md §6): counts with example ids, over each deal
// counted once. Every check is always present, with 0 when clean.
#include <fmt/format.h>

#include "core/kpi/families.h"

namespace kpi {
namespace {

constexpr size_t kMaxExamples = 5;

void add_example(QualityRow& row, std::string_view id) {
  ++row.count;
  if (row.examples.size() < kMaxExamples) row.examples.emplace_back(id);
}

}  // namespace

void compute_quality(const Context& c, Report& r) {
  const Dataset& d = c.data;
  QualityRow skipped{"skipped_rows", 0, {}};
  for (const InputSummary& in : r.inputs) {
    skipped.count += in.skipped;
    for (const Issue& issue : in.issues) {
      if (skipped.examples.size() >= kMaxExamples) break;
      if (issue.line != 0) skipped.examples.push_back(fmt::format("{}:{}", in.file, issue.line));
    }
  }
  QualityRow duplicates{"duplicate_deal_id", 0, {}};
  QualityRow missing_owner{"missing_owner", 0, {}}, missing_source{"missing_source", 0, {}};
  QualityRow won_no_amount{"won_missing_amount", 0, {}}, lost_no_reason{"lost_missing_reason", 0, {}};
  QualityRow closed_no_date{"closed_missing_closed_at", 0, {}}, unlinked{"unlinked_rows", 0, {}};
  for (size_t i = 0; i < d.deals.size(); ++i) {
    const std::string_view id = d.strings.view(d.deals.id[i]);
    if (!c.counted[i]) {
      add_example(duplicates, id);
      continue;
    }
    if (d.deals.owner[i] == kNoStr) add_example(missing_owner, id);
    if (d.deals.source[i] == kNoStr) add_example(missing_source, id);
    const DealState state = d.deals.state[i];
    if (state == DealState::kWon && std::isnan(d.deals.amount[i])) add_example(won_no_amount, id);
    if (state == DealState::kLost && d.deals.loss_reason[i] == kNoStr) add_example(lost_no_reason, id);
    if (state != DealState::kOpen && d.deals.closed_at[i] == kNoTime) add_example(closed_no_date, id);
  }
  for (const auto* column : {&d.stage_events.deal_id, &d.tasks.deal_id, &d.activities.deal_id}) {
    for (StrId id : *column) {
      if (id != kNoStr && c.deal(id) < 0) add_example(unlinked, d.strings.view(id));
    }
  }
  r.data_quality = {skipped, duplicates, missing_owner, missing_source, won_no_amount,
                    lost_no_reason, closed_no_date, unlinked};
}

}  // namespace kpi

// Lean target: every cell parser — amounts (each decimal mark), timestamps
// (each date order, a zone), durations; a parsed timestamp must format back.
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "core/io/number.h"
#include "core/model/time.h"
#include "core/sources/mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const kpi::TimeZone moscow = *kpi::TimeZone::from_name("Europe/Moscow");
  double v = 0;
  kpi::parse_amount(text, v);
  for (kpi::DecimalMark m : {kpi::DecimalMark::kAuto, kpi::DecimalMark::kComma, kpi::DecimalMark::kDot}) {
    if (kpi::parse_amount_with(text, m, v) && std::isnan(v)) std::abort();
  }
  kpi::ParsedTime t;
  if (kpi::parse_timestamp(text, t) && kpi::format_instant(t.seconds).empty()) std::abort();
  kpi::Instant at = 0;
  for (kpi::DateOrder o : {kpi::DateOrder::kAuto, kpi::DateOrder::kDayFirst, kpi::DateOrder::kMonthFirst,
                           kpi::DateOrder::kYearFirst, kpi::DateOrder::kUnixSeconds}) {
    kpi::parse_instant_in(text, o, moscow, at);
  }
  return 0;
}

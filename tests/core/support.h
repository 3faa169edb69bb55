// What the metric suites share: loading CSV text into an Analyzer, applying
// settings, finding a row of the report by name, and expecting a value or a
// null (NaN = "expect null": a metric without data must be null, never 0).
#pragma once

#include <cmath>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/analyzer.h"

namespace kpi::test {

/// Reads one file (header and rows given apart or together); it must be read
/// whole with no row skipped.
inline void load(Analyzer& a, std::string_view name, std::string_view header, std::string_view rows = {}) {
  Issue error;
  ASSERT_TRUE(a.begin_file(name, error)) << error.message;
  a.feed(header);
  a.feed(rows);
  const InputSummary& s = a.end_file();
  ASSERT_TRUE(s.ok) << name << ": " << s.error.message;
  ASSERT_EQ(s.skipped, 0u) << name;
}

inline void configure(Analyzer& a, std::string_view json) {
  Issue error;
  ASSERT_TRUE(a.set_settings(json, error)) << json << ": " << error.message;
}

/// The metrics of the row called `name`; a failure (and all nulls) when there is none.
inline const MetricValues& find(const std::vector<NamedMetrics>& rows, std::string_view name) {
  for (const NamedMetrics& r : rows) {
    if (r.name == name) return r.metrics;
  }
  ADD_FAILURE() << "no row " << name;
  static const MetricValues kMissing;
  return kMissing;
}

/// EXPECTs `want`, or null when `want` is NaN.
inline void expect_value(const MetricValues& m, Metric key, double want) {
  if (std::isnan(want)) {
    EXPECT_FALSE(m.has(key)) << metric_key(key) << " = " << m.get(key);
  } else {
    EXPECT_DOUBLE_EQ(m.get(key), want) << metric_key(key);
  }
}

}  // namespace kpi::test

// Native ingest speed of one reader: the file is read into memory first (not
// timed), then fed to a fresh kpi::Analyzer in 1 MiB chunks through end_file,
// REPS times; prints one JSON line with the median seconds and MB/s. Used by
// scripts/bench ingest (docs/performance.md). A workbook is given as the
// folder of its unpacked parts (the core has no inflate): the parts are fed
// as the page feeds them, and MB/s counts their XML bytes.
//   kpi_ingest_bench [--reps N] FILE | --xlsx-parts DIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/analyzer.h"

namespace {

bool slurp(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

void feed(kpi::Analyzer& a, std::string_view bytes) {
  constexpr size_t kChunk = size_t{1} << 20;
  for (size_t i = 0; i < bytes.size(); i += kChunk) a.feed(bytes.substr(i, kChunk));
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 5;
  std::string file, parts_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--xlsx-parts" && i + 1 < argc) parts_dir = argv[++i];
    else file = arg;
  }
  if (file.empty() == parts_dir.empty()) {
    std::cerr << "usage: kpi_ingest_bench [--reps N] FILE | --xlsx-parts DIR\n";
    return 2;
  }
  // (part name, bytes) in feeding order; a plain file is one unnamed part.
  std::vector<std::pair<std::string, std::string>> parts;
  if (!parts_dir.empty()) {
    for (const char* name : {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
                             "xl/worksheets/sheet1.xml"}) {
      std::string bytes;
      if (slurp(parts_dir + "/" + name, bytes)) parts.emplace_back(name, std::move(bytes));
    }
  } else {
    std::string bytes;
    if (!slurp(file, bytes)) {
      std::cerr << file << ": cannot open\n";
      return 3;
    }
    parts.emplace_back("", std::move(bytes));
  }
  size_t total = 0;
  for (const auto& p : parts) total += p.second.size();

  std::vector<double> seconds;
  uint64_t rows = 0;
  for (int r = 0; r < reps; ++r) {
    kpi::Analyzer a;
    kpi::Issue error;
    const auto start = std::chrono::steady_clock::now();
    a.begin_file("bench", error);
    for (const auto& [name, bytes] : parts) {
      if (!name.empty()) a.begin_part(name, error);
      feed(a, bytes);
    }
    const kpi::InputSummary& s = a.end_file();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!s.ok) {
      std::cerr << s.error.message << "\n";
      return 3;
    }
    rows = s.rows;
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  std::printf("{\"bytes\":%zu,\"rows\":%llu,\"seconds\":%.6f,\"mb_per_s\":%.1f}\n", total,
              static_cast<unsigned long long>(rows), median, static_cast<double>(total) / 1e6 / median);
  return 0;
}

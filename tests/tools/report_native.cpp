// The native twin of the Node CLI's `--format json`: reads files (in 1 MiB
// chunks, like the CLI) and settings, prints the report JSON. Tests compare
// its output with the wasm build's byte for byte.
//   kpi_report_native [--config settings.json] [--repeat N] FILE...
// --repeat N: after reading, runs the re-analysis (analyze + JSON) N more
// times and prints each one's milliseconds and the median to stderr (for
// profiles and docs/performance.md; scripts/bench-ab.mjs --reanalysis).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/analyzer.h"

int main(int argc, char** argv) {
  kpi::Analyzer analyzer;
  std::vector<std::string> files;
  int repeat = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      std::ifstream in(argv[++i], std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      kpi::Issue error;
      if (!analyzer.set_settings(ss.str(), error)) {
        std::cerr << error.message << "\n";
        return 2;
      }
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(0, std::atoi(argv[++i]));
    } else {
      files.push_back(arg);
    }
  }
  std::vector<char> chunk(1 << 20);
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << path << ": cannot open\n";
      return 3;
    }
    kpi::Issue error;
    const auto slash = path.find_last_of('/');
    analyzer.begin_file(slash == std::string::npos ? path : path.substr(slash + 1), error);
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      analyzer.feed(std::string_view(chunk.data(), static_cast<size_t>(in.gcount())));
    }
    analyzer.end_file();
  }
  std::vector<double> ms;
  size_t bytes = 0;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    bytes += kpi::to_json(analyzer.analyze()).size();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    std::cerr << "re-analysis " << ms.back() << " ms\n";
  }
  if (!ms.empty()) {
    std::sort(ms.begin(), ms.end());
    std::cerr << "re-analysis median " << ms[ms.size() / 2] << " ms (" << bytes / ms.size() << " bytes)\n";
  }
  std::cout << kpi::to_json(analyzer.analyze()) << "\n";
  return 0;
}

// The native twin of the Node CLI's `--format json`: reads files (in 1 MiB
// chunks, like the CLI) and settings, prints the report JSON. Tests compare
// its output with the wasm build's byte for byte.
//   kpi_report_native [--config settings.json] FILE...
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/analyzer.h"

int main(int argc, char** argv) {
  kpi::Analyzer analyzer;
  std::vector<std::string> files;
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
  std::cout << kpi::to_json(analyzer.analyze()) << "\n";
  return 0;
}

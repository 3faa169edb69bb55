// What the lean libFuzzer targets share: the input split in two at its first
// byte (a chunk size, so every reader is also fed across chunk boundaries),
// and a handler that touches every field (so the sanitizers see each byte).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/io/csv_reader.h"
#include "core/model/dataset.h"
#include "core/settings.h"
#include "core/sources/crm_json.h"

namespace kpi::fuzz {

struct Input {
  size_t chunk = 1;
  std::string_view bytes;
};

inline Input split(const uint8_t* data, size_t size) {
  if (size == 0) return {};
  return {size_t{data[0]} + 1, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)};
}

template <typename Feed>
void in_chunks(const Input& in, Feed&& feed) {
  for (size_t i = 0; i < in.bytes.size(); i += in.chunk) feed(in.bytes.substr(i, in.chunk));
}

class TouchAll final : public CsvHandler {
 public:
  bool on_record(const CsvRecord& r) override {
    for (std::string_view f : r.fields) {
      for (char c : f) sum_ += static_cast<unsigned char>(c);
    }
    return true;
  }
  size_t sum_ = 0;
};

/// Reads `prefix` + the input after its first byte + `suffix` as one JSON dump.
inline void read_dump(const uint8_t* data, size_t size, std::string_view prefix, std::string_view suffix) {
  std::string text(prefix);
  text.append(reinterpret_cast<const char*>(data) + 1, size - 1);
  text += suffix;
  text.reserve(text.size() + kJsonPadding);
  Dataset model;
  static const Settings settings;
  InputSummary summary;
  read_json_dump(text, 0, IngestContext{model, settings, 0, summary});
}

}  // namespace kpi::fuzz

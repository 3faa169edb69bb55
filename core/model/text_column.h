// Per-row text that is never grouped or joined on (deal titles, task and
// activity ids): appended once into one byte buffer, no hashing. Interning
// such unique values cost a quarter of ingest time and a hash slot per row
// (docs/performance.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kpi {

class TextColumn {
 public:
  void push_back(std::string_view s) {
    bytes_.append(s);
    ends_.push_back(static_cast<uint32_t>(bytes_.size()));
  }
  std::string_view operator[](size_t i) const noexcept {
    const uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  size_t size() const noexcept { return ends_.size(); }
  /// Keeps the rows whose `keep` flag is set, in order.
  void keep_rows(const std::vector<uint8_t>& keep) {
    std::string bytes;
    std::vector<uint32_t> ends;
    for (size_t i = 0; i < ends_.size(); ++i) {
      if (!keep[i]) continue;
      bytes.append((*this)[i]);
      ends.push_back(static_cast<uint32_t>(bytes.size()));
    }
    bytes_.swap(bytes);
    ends_.swap(ends);
  }
  size_t memory_bytes() const noexcept { return bytes_.capacity() + ends_.capacity() * sizeof(uint32_t); }

 private:
  std::string bytes_;
  std::vector<uint32_t> ends_;  // end offset of each row's text (wasm memory stays under 4 GB)
};

}  // namespace kpi

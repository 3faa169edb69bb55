// Interned strings: every owner, stage, source or id is stored once and the
// tables hold 32-bit ids. Ids are dense (0 = the empty string = "missing"),
// views stay valid for the pool's lifetime (bytes live in fixed blocks that
// never move), and interning a seen string allocates nothing. Hashing takes
// 8 bytes per step and each slot keeps its string's hash beside the id, so a
// probe reads the pooled bytes only when the hashes match.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace kpi {

using StrId = uint32_t;
inline constexpr StrId kNoStr = 0;

class StringPool {
 public:
  StringPool();
  /// A copy with the same ids (its bytes in blocks of its own; the analysis
  /// of API dumps resolves references in a copy of the model).
  StringPool(const StringPool& other);
  StringPool& operator=(const StringPool& other);
  StringPool(StringPool&&) noexcept = default;
  StringPool& operator=(StringPool&&) noexcept = default;

  /// The id of `s`, adding it if new. The empty string is always kNoStr.
  StrId intern(std::string_view s);
  /// The last id one column of a reader interned: exports repeat a cell on
  /// consecutive rows (a deal's events, a manager's calls), and a repeat is
  /// then one comparison instead of a hash and a probe.
  struct Recent {
    StrId id = kNoStr;
  };
  /// intern(s), trying `recent` first and remembering the answer in it. Safe
  /// with any `recent`: the id is used only when its bytes equal `s`.
  StrId intern(std::string_view s, Recent& recent) {
    if (recent.id != kNoStr && recent.id < views_.size() && views_[recent.id] == s) return recent.id;
    const StrId id = intern(s);
    if (id != kNoStr) recent.id = id;
    return id;
  }
  /// The id of `s` if present, else kNoStr.
  StrId find(std::string_view s) const noexcept;
  std::string_view view(StrId id) const noexcept { return views_[id]; }
  /// Number of ids, the empty string included.
  size_t size() const noexcept { return views_.size(); }
  /// Bytes held (blocks, views, hash slots), for memory figures.
  size_t memory_bytes() const noexcept;

 private:
  static constexpr size_t kBlockBytes = 64 * 1024;  ///< the largest block (after doubling)
  static constexpr size_t kFirstBlockBytes = 1024;  ///< the first block; each next one twice the last
  static constexpr size_t kFirstSlots = 64;         ///< hash slots of an empty pool (a power of two)

  std::string_view store(std::string_view s);
  void grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_bytes_ = 0;  // the size of the last block (being filled); 0: none yet
  size_t bytes_reserved_ = 0;
  std::vector<std::string_view> views_;
  std::vector<uint64_t> slots_;      // open addressing: hash << 32 | id + 1, 0 = empty
};

}  // namespace kpi

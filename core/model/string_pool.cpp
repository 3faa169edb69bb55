#include "core/model/string_pool.h"

#include <algorithm>
#include <cstring>

namespace kpi {
namespace {

uint32_t hash_bytes(std::string_view s) noexcept {
  // Eight bytes per step: xor a word in, multiply, fold the high bits down
  // (one multiply per word instead of one per byte as in FNV-1a); the last
  // 1-7 bytes form one more word. A final mix spreads every input bit over
  // the low 32 bits, which pick the slot.
  constexpr uint64_t kMul = 0x9FB21C651E98DF25ull;
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(s.size()) * 0xFF51AFD7ED558CCDull);
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  if (n > 0) {
    uint64_t w = 0;
    for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return static_cast<uint32_t>(h);
}

// A slot holds the hash (high half) and id + 1 (low half); 0 = empty.
constexpr uint64_t slot_of(uint32_t hash, uint32_t id) noexcept { return (uint64_t{hash} << 32) | (id + 1); }
constexpr uint32_t slot_hash(uint64_t slot) noexcept { return static_cast<uint32_t>(slot >> 32); }
constexpr uint32_t slot_id(uint64_t slot) noexcept { return static_cast<uint32_t>(slot) - 1; }

}  // namespace

StringPool::StringPool() {
  views_.emplace_back();
  slots_.assign(kFirstSlots, 0);
}

StringPool::StringPool(const StringPool& other) : slots_(other.slots_) {
  views_.reserve(other.views_.size());
  views_.emplace_back();
  for (size_t id = 1; id < other.views_.size(); ++id) views_.push_back(store(other.views_[id]));
}

StringPool& StringPool::operator=(const StringPool& other) {
  if (this != &other) *this = StringPool(other);
  return *this;
}

std::string_view StringPool::store(std::string_view s) {
  if (s.size() > kBlockBytes / 4) {  // a long string gets a block of its own
    auto block = std::make_unique<char[]>(s.size());
    std::memcpy(block.get(), s.data(), s.size());
    bytes_reserved_ += s.size();
    std::string_view v(block.get(), s.size());
    // Keep the current block last so it stays the one being filled.
    blocks_.insert(blocks_.empty() ? blocks_.end() : blocks_.end() - 1, std::move(block));
    return v;
  }
  if (blocks_.empty() || block_used_ + s.size() > block_bytes_) {
    // Blocks double from kFirstBlockBytes up to kBlockBytes: a model of a few
    // names (a small file, the fuzzers' inputs, the copy each analysis of API
    // dumps resolves) allocates a few hundred bytes, not 64 KB per pool.
    size_t next = block_bytes_ == 0 ? kFirstBlockBytes : std::min(kBlockBytes, block_bytes_ * 2);
    while (next < s.size()) next *= 2;  // s.size() <= kBlockBytes / 4 here
    blocks_.push_back(std::make_unique<char[]>(next));
    bytes_reserved_ += next;
    block_bytes_ = next;
    block_used_ = 0;
  }
  char* dst = blocks_.back().get() + block_used_;
  std::memcpy(dst, s.data(), s.size());
  block_used_ += s.size();
  return {dst, s.size()};
}

void StringPool::grow() {
  std::vector<uint64_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (const uint64_t slot : slots_) {  // the hashes are in the slots: no string is read again
    if (slot == 0) continue;
    size_t i = slot_hash(slot) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  slots_.swap(slots);
}

StrId StringPool::find(std::string_view s) const noexcept {
  if (s.empty()) return kNoStr;
  const uint32_t h = hash_bytes(s);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask; slots_[i] != 0; i = (i + 1) & mask) {
    if (slot_hash(slots_[i]) == h && views_[slot_id(slots_[i])] == s) return slot_id(slots_[i]);
  }
  return kNoStr;
}

StrId StringPool::intern(std::string_view s) {
  if (s.empty()) return kNoStr;
  const uint32_t h = hash_bytes(s);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    // The hash in the slot is compared first: the pooled bytes are read only on a likely match.
    if (slot_hash(slots_[i]) == h && views_[slot_id(slots_[i])] == s) return slot_id(slots_[i]);
  }
  const auto id = static_cast<StrId>(views_.size());
  views_.push_back(store(s));
  slots_[i] = slot_of(h, id);
  if ((views_.size() + 1) * 10 > slots_.size() * 7) grow();  // keep the load under 70 %
  return id;
}

size_t StringPool::memory_bytes() const noexcept {
  return bytes_reserved_ + views_.capacity() * sizeof(std::string_view) +
         slots_.capacity() * sizeof(uint64_t);
}

}  // namespace kpi

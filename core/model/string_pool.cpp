#include "core/model/string_pool.h"

#include <cstring>

namespace kpi {
namespace {

uint32_t hash_bytes(std::string_view s) noexcept {
  // FNV-1a over 64 bits, folded: simple, and distinct enough for names and ids.
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<uint32_t>(h ^ (h >> 32));
}

}  // namespace

StringPool::StringPool() {
  views_.emplace_back();
  hashes_.push_back(hash_bytes({}));
  slots_.assign(1024, 0);
}

StringPool::StringPool(const StringPool& other) : hashes_(other.hashes_), slots_(other.slots_) {
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
  if (block_used_ + s.size() > kBlockBytes) {
    blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
    bytes_reserved_ += kBlockBytes;
    block_used_ = 0;
  }
  char* dst = blocks_.back().get() + block_used_;
  std::memcpy(dst, s.data(), s.size());
  block_used_ += s.size();
  return {dst, s.size()};
}

void StringPool::grow() {
  std::vector<uint32_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (uint32_t id = 1; id < views_.size(); ++id) {
    size_t i = hashes_[id] & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = id + 1;
  }
  slots_.swap(slots);
}

StrId StringPool::find(std::string_view s) const noexcept {
  if (s.empty()) return kNoStr;
  const uint32_t h = hash_bytes(s);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask; slots_[i] != 0; i = (i + 1) & mask) {
    const uint32_t id = slots_[i] - 1;
    if (hashes_[id] == h && views_[id] == s) return id;
  }
  return kNoStr;
}

StrId StringPool::intern(std::string_view s) {
  if (s.empty()) return kNoStr;
  const uint32_t h = hash_bytes(s);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    const uint32_t id = slots_[i] - 1;
    if (hashes_[id] == h && views_[id] == s) return id;
  }
  const auto id = static_cast<StrId>(views_.size());
  views_.push_back(store(s));
  hashes_.push_back(h);
  if ((views_.size() + 1) * 10 > slots_.size() * 7) {  // keep the load under 70 %
    grow();
  } else {
    slots_[i] = id + 1;
  }
  return id;
}

size_t StringPool::memory_bytes() const noexcept {
  return bytes_reserved_ + views_.capacity() * sizeof(std::string_view) +
         hashes_.capacity() * sizeof(uint32_t) + slots_.capacity() * sizeof(uint32_t);
}

}  // namespace kpi

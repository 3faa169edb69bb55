// Block-at-a-time byte search for the CSV reader (csv_reader.h): the first of
// three bytes (the delimiter, `\n`, `\r`; or `"`, `\n`, `\r` inside quotes)
// in a run of text, 16 bytes per step with wasm SIMD (`-msimd128`) or SSE2,
// else 8 bytes per step in a 64-bit word (SWAR), and byte by byte for the
// last few bytes. Every variant reads only inside [p, end) and returns the
// same answer; tests/core/csv_scan_test.cpp checks them against each other.
//
// Why hand-written: the reader needs "first of three bytes" with its
// streaming state kept outside; simdcsv and simdjson index whole buffers
// and carry no such primitive for wasm (docs/performance.md).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define KPI_CSV_SCAN_SIMD "wasm-simd128"
#elif defined(__SSE2__)
#include <emmintrin.h>
#define KPI_CSV_SCAN_SIMD "sse2"
#endif

namespace kpi::csv_scan {

/// The widest search compiled in: "wasm-simd128", "sse2" or "swar".
inline const char* kernel_name() noexcept {
#ifdef KPI_CSV_SCAN_SIMD
  return KPI_CSV_SCAN_SIMD;
#else
  return "swar";
#endif
}

/// Byte by byte: the reference the others must match.
inline size_t find_any3_scalar(const char* p, const char* end, char a, char b, char c) noexcept {
  const char* q = p;
  while (q < end && *q != a && *q != b && *q != c) ++q;
  return static_cast<size_t>(q - p);
}

namespace detail {
inline constexpr uint64_t kOnes = 0x0101010101010101ull;
inline constexpr uint64_t kHighs = 0x8080808080808080ull;
// The high bit of each byte of `x` that is zero. A borrow can also set the bit
// of a byte above a true zero byte, so only the lowest set bit is exact,
// which is the one used.
inline uint64_t zero_bytes(uint64_t x) noexcept { return (x - kOnes) & ~x & kHighs; }
inline uint64_t broadcast(char ch) noexcept { return kOnes * static_cast<uint8_t>(ch); }
}  // namespace detail

/// Eight bytes per step in a 64-bit word (any little-endian target).
inline size_t find_any3_swar(const char* p, const char* end, char a, char b, char c) noexcept {
  static_assert(std::endian::native == std::endian::little, "the SWAR search reads little-endian words");
  const uint64_t wa = detail::broadcast(a), wb = detail::broadcast(b), wc = detail::broadcast(c);
  const char* q = p;
  for (; end - q >= 8; q += 8) {
    uint64_t w;
    std::memcpy(&w, q, 8);
    const uint64_t m = detail::zero_bytes(w ^ wa) | detail::zero_bytes(w ^ wb) | detail::zero_bytes(w ^ wc);
    if (m != 0) return static_cast<size_t>(q - p) + (static_cast<size_t>(std::countr_zero(m)) >> 3);
  }
  return static_cast<size_t>(q - p) + find_any3_scalar(q, end, a, b, c);
}

/// The widest variant compiled in: 16 bytes per step, then SWAR for the tail.
inline size_t find_any3(const char* p, const char* end, char a, char b, char c) noexcept {
  const char* q = p;
#if defined(__wasm_simd128__)
  const v128_t va = wasm_i8x16_splat(a), vb = wasm_i8x16_splat(b), vc = wasm_i8x16_splat(c);
  for (; end - q >= 16; q += 16) {
    const v128_t v = wasm_v128_load(q);
    const v128_t eq = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, va), wasm_i8x16_eq(v, vb)), wasm_i8x16_eq(v, vc));
    const auto m = static_cast<uint32_t>(wasm_i8x16_bitmask(eq));
    if (m != 0) return static_cast<size_t>(q - p) + static_cast<size_t>(std::countr_zero(m));
  }
#elif defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
  for (; end - q >= 16; q += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const __m128i eq = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)), _mm_cmpeq_epi8(v, vc));
    const auto m = static_cast<uint32_t>(_mm_movemask_epi8(eq));
    if (m != 0) return static_cast<size_t>(q - p) + static_cast<size_t>(std::countr_zero(m));
  }
#endif
  return static_cast<size_t>(q - p) + find_any3_swar(q, end, a, b, c);
}

}  // namespace kpi::csv_scan

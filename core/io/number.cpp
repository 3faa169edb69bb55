#include "core/io/number.h"

#include <cmath>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace kpi {
namespace {

// Spaces that appear as thousands separators or padding: ASCII space/tab,
// U+00A0 no-break, U+2009 thin, U+202F narrow no-break.
size_t space_len(std::string_view s, size_t i) noexcept {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const auto c2 = static_cast<unsigned char>(s[i + 2]);
    if (c2 == 0x89 || c2 == 0xAF || c2 == 0x88) return 3;
  }
  return 0;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) noexcept {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char a = s[i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
    if (a != suffix[i]) return false;
  }
  return true;
}

// Currency marks CRMs append or prepend; longest first where they overlap.
constexpr std::array<std::string_view, 13> kCurrencyMarks = {
    "\xD1\x80\xD1\x83\xD0\xB1.",  // руб.
    "\xD1\x80\xD1\x83\xD0\xB1",   // руб
    "\xD1\x80.",                  // р.
    "\xE2\x82\xBD",               // ₽
    "\xE2\x82\xAC",               // €
    "RUB", "RUR", "USD", "EUR", "KZT", "BYN", "$", "\xE2\x82\xB8",  // ₸
};

}  // namespace

std::string_view trim(std::string_view s) noexcept {
  // Fast path: most cells neither start nor end with a byte that can begin
  // or end a space (ASCII white space; C2 / E2 lead bytes; A0 / 88 / 89 / AF
  // last bytes of the UTF-8 spaces above).
  if (s.empty()) return s;
  const auto first = static_cast<unsigned char>(s.front()), last = static_cast<unsigned char>(s.back());
  const bool may_start = first <= ' ' || first == 0xC2 || first == 0xE2;
  const bool may_end = last <= ' ' || last == 0xA0 || last == 0x88 || last == 0x89 || last == 0xAF;
  if (!may_start && !may_end) return s;
  while (!s.empty()) {
    const size_t n = space_len(s, 0);
    if (n == 0) break;
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    size_t n = 0;
    if (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n') n = 1;
    else if (s.size() >= 2 && space_len(s, s.size() - 2) == 2) n = 2;
    else if (s.size() >= 3 && space_len(s, s.size() - 3) == 3) n = 3;
    if (n == 0) break;
    s.remove_suffix(n);
  }
  return s;
}

namespace {
__extension__ typedef unsigned __int128 U128;

int bit_length(U128 v) noexcept {
  const auto high = static_cast<uint64_t>(v >> 64);
  return high != 0 ? 128 - __builtin_clzll(high) : (v == 0 ? 0 : 64 - __builtin_clzll(static_cast<uint64_t>(v)));
}

// m / 10^k correctly rounded (half to even), for any m < 2^64 and k <= 19
// (10^k < 2^64). m is shifted left so that its top bit is bit 127; the
// quotient by 10^k then has 64 to 124 bits, of which the top 53 are the
// double's mantissa and the rest, with the remainder as a sticky bit,
// decide the rounding exactly. Plain integer arithmetic: no strtod, whose
// musl version computes in wasm's 128-bit software long double (a fifth of
// XLSX ingest in wasm: docs/performance.md).
double divide_pow10(uint64_t m, int k) noexcept {
  static constexpr uint64_t kPow10[] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
                                        10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
                                        100000000000ull, 1000000000000ull, 10000000000000ull,
                                        100000000000000ull, 1000000000000000ull, 10000000000000000ull,
                                        100000000000000000ull, 1000000000000000000ull,
                                        10000000000000000000ull};
  if (m == 0) return 0.0;
  if (k == 0) return static_cast<double>(m);  // the conversion rounds to nearest even
  const int shift = 128 - bit_length(m);
  const U128 num = static_cast<U128>(m) << shift;
  const U128 q = num / kPow10[k];
  const bool sticky = num % kPow10[k] != 0;
  const int drop = bit_length(q) - 53;  // 11 to 71
  U128 mantissa = q >> drop;
  const U128 rest = q & ((static_cast<U128>(1) << drop) - 1);
  const U128 half = static_cast<U128>(1) << (drop - 1);
  if (rest > half || (rest == half && (sticky || (mantissa & 1) != 0))) ++mantissa;  // 2^53 stays exact
  return std::ldexp(static_cast<double>(static_cast<uint64_t>(mantissa)), drop - shift);
}
}  // namespace

// `[-+]digits[.digits]` with at most 19 digits: the digits form an integer
// m < 10^19 and the point divides it by 10^k, correctly rounded, which is
// what strtod gives for the same text. Up to 15 digits both are exact in a
// double and one division does it (Clinger's fast path); 16 to 19 digits
// (Excel's date serials: `45932.073541666665`) take divide_pow10. Any other
// shape returns false and takes the general path.
bool parse_plain_decimal(std::string_view s, double& out) noexcept {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; i = 1; }
  uint64_t m = 0;
  size_t digits = 0, fraction = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      if (++digits > 19) return false;
      m = m * 10 + static_cast<uint64_t>(c - '0');
      if (point) ++fraction;
    } else if (c == '.' && !point && digits > 0) {
      point = true;
    } else {
      return false;
    }
  }
  if (digits == 0 || (point && fraction == 0)) return false;
  const double v = digits <= 15 ? static_cast<double>(m) / kPow10[fraction] : divide_pow10(m, static_cast<int>(fraction));
  out = negative ? -v : v;
  return true;
}

bool parse_amount(std::string_view text, double& out) noexcept {
  std::string_view s = trim(text);
  if (parse_plain_decimal(s, out)) return true;
  for (bool again = true; again && !s.empty();) {  // strip currency marks at either end
    again = false;
    for (std::string_view mark : kCurrencyMarks) {
      if (ends_with_ci(s, mark)) { s = trim(s.substr(0, s.size() - mark.size())); again = true; break; }
      if (s.substr(0, mark.size()) == mark) { s = trim(s.substr(mark.size())); again = true; break; }
    }
  }
  if (s.empty()) return false;

  // Copy digits, sign and separators (no spaces) into a small buffer.
  std::array<char, 64> buf{};
  size_t n = 0;
  size_t commas = 0, dots = 0, last_comma = 0, last_dot = 0;
  bool negative = false;
  for (size_t i = 0; i < s.size();) {
    const size_t sp = space_len(s, i);
    if (sp != 0) { i += sp; continue; }
    const char c = s[i];
    if (i == 0 && (c == '-' || c == '+')) { negative = c == '-'; ++i; continue; }
    if (i == 0 && s.substr(0, 3) == "\xE2\x88\x92") { negative = true; i += 3; continue; }  // U+2212
    if (c == '\'' ) { ++i; continue; }  // Swiss thousands
    if (n + 1 >= buf.size()) return false;
    if (c >= '0' && c <= '9') buf[n++] = c;
    else if (c == ',') { ++commas; last_comma = n; buf[n++] = c; }
    else if (c == '.') { ++dots; last_dot = n; buf[n++] = c; }
    else return false;
    ++i;
  }
  if (n == 0) return false;

  // Decide which separator is the decimal point; drop the others.
  char decimal = 0;
  if (commas > 0 && dots > 0) decimal = last_comma > last_dot ? ',' : '.';
  else if (commas == 1) decimal = ',';
  else if (dots == 1) decimal = '.';
  else if (dots > 1 && commas == 0) decimal = 0;  // 1.234.567
  std::array<char, 66> clean{};
  size_t m = 0;
  if (negative) clean[m++] = '-';
  bool seen_digit = false;
  for (size_t i = 0; i < n; ++i) {
    const char c = buf[i];
    if (c >= '0' && c <= '9') { clean[m++] = c; seen_digit = true; }
    else if (c == decimal && ((c == ',' && i == last_comma) || (c == '.' && i == last_dot))) clean[m++] = '.';
  }
  if (!seen_digit) return false;
  clean[m] = '\0';
  char* endp = nullptr;
  const double v = std::strtod(clean.data(), &endp);
  if (endp != clean.data() + m) return false;
  out = v;
  return true;
}

}  // namespace kpi

#include "core/io/encoding.h"

#include <array>

#include <simdjson.h>

namespace kpi {
namespace {

// Windows-1251 0x80..0xBF; 0xC0..0xFF map to U+0410..U+044F. 0x98 is unassigned.
constexpr std::array<uint16_t, 64> kCp1251High = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
    0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
    0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
    0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
    0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
    0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
};

// Valid UTF-8 (simdjson's validator, the one the JSON reader uses); a
// sequence cut by the end of the sample is allowed unless the sample is the
// whole file.
bool looks_like_utf8(std::string_view s, bool whole_file) {
  if (!whole_file) {
    size_t i = s.size(), continuation = 0;
    while (continuation < 3 && i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) {
      --i;
      ++continuation;
    }
    if (i > 0) {
      const auto lead = static_cast<unsigned char>(s[i - 1]);
      const size_t len = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
      if (len > continuation + 1) s = s.substr(0, i - 1);  // the last sequence is cut: judge what came before
    }
  }
  return simdjson::validate_utf8(s.data(), s.size());
}

}  // namespace

std::string_view encoding_name(Encoding e) noexcept {
  switch (e) {
    case Encoding::kUtf8: return "utf-8";
    case Encoding::kUtf8Bom: return "utf-8-bom";
    case Encoding::kWindows1251: return "windows-1251";
    case Encoding::kUtf16Le: return "utf-16le";
    case Encoding::kUtf16Be: return "utf-16be";
    case Encoding::kUnknown: break;
  }
  return "unknown";
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void Utf8Decoder::decide(std::string_view s, bool whole_file) {
  auto starts = [&](std::string_view p) { return s.substr(0, p.size()) == p; };
  if (starts("\xEF\xBB\xBF")) { encoding_ = Encoding::kUtf8Bom; return; }
  if (starts("\xFF\xFE")) { encoding_ = Encoding::kUtf16Le; return; }
  if (starts("\xFE\xFF")) { encoding_ = Encoding::kUtf16Be; return; }
  size_t nul_even = 0, nul_odd = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\0') ++((i & 1) ? nul_odd : nul_even);
  }
  if (nul_even + nul_odd > 0) {
    // BOM-less UTF-16: Latin and Cyrillic text has 0x00 or 0x04 in every high
    // byte and no NUL in the low ones; a binary file scatters its NULs.
    auto high_side_ok = [&](size_t parity) {
      size_t plausible = 0, pairs = 0;
      for (size_t i = parity; i < s.size(); i += 2, ++pairs) {
        if (s[i] == '\0' || s[i] == '\x04') ++plausible;
      }
      return pairs >= 4 && plausible * 100 >= pairs * 95;
    };
    if (nul_even == 0 && high_side_ok(1)) {
      encoding_ = Encoding::kUtf16Le;
    } else if (nul_odd == 0 && high_side_ok(0)) {
      encoding_ = Encoding::kUtf16Be;
    } else {
      binary_ = true;
      encoding_ = Encoding::kUtf8;
    }
    return;
  }
  encoding_ = looks_like_utf8(s, whole_file) ? Encoding::kUtf8 : Encoding::kWindows1251;
}

std::string_view Utf8Decoder::decode(std::string_view in) {
  if (encoding_ == Encoding::kUnknown) {
    sniff_.append(in);
    if (sniff_.size() < kSniffBytes) return {};
    // Exactly the first kSniffBytes decide, however the bytes were chunked
    // (a big first chunk must not see NULs a small one would not).
    decide(std::string_view(sniff_).substr(0, kSniffBytes), false);
    return convert(sniff_);
  }
  return convert(in);
}

std::string_view Utf8Decoder::finish() {
  std::string_view head;
  if (encoding_ == Encoding::kUnknown) {
    decide(sniff_, true);
    head = convert(sniff_);
  }
  if (carry_.empty() && high_surrogate_ == 0) return head;
  // A lone byte or high surrogate at the very end (UTF-16 only, whose
  // output is always in out_): one replacement character.
  if (head.empty()) out_.clear();
  append_utf8(out_, 0xFFFD);
  carry_.clear();
  high_surrogate_ = 0;
  return out_;
}

std::string_view Utf8Decoder::convert(std::string_view in) {
  if (!bom_checked_) {
    bom_checked_ = true;
    if (encoding_ == Encoding::kUtf8Bom && in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    if ((encoding_ == Encoding::kUtf16Le && in.substr(0, 2) == "\xFF\xFE") ||
        (encoding_ == Encoding::kUtf16Be && in.substr(0, 2) == "\xFE\xFF")) {
      in.remove_prefix(2);
    }
  }
  switch (encoding_) {
    case Encoding::kUtf8:
    case Encoding::kUtf8Bom:
    case Encoding::kUnknown:
      return in;
    case Encoding::kWindows1251: {
      out_.clear();
      out_.reserve(in.size() * 2);
      for (char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) out_.push_back(ch);
        else if (c >= 0xC0) append_utf8(out_, 0x0410u + (c - 0xC0u));
        else append_utf8(out_, kCp1251High[c - 0x80]);
      }
      return out_;
    }
    case Encoding::kUtf16Le:
    case Encoding::kUtf16Be: {
      out_.clear();
      out_.reserve(in.size() * 3 / 2);
      const bool le = encoding_ == Encoding::kUtf16Le;
      size_t i = 0;
      auto unit_at = [&](unsigned char a, unsigned char b) -> uint32_t {
        return le ? (uint32_t{b} << 8 | a) : (uint32_t{a} << 8 | b);
      };
      auto emit = [&](uint32_t u) {
        if (high_surrogate_ != 0) {
          if (u >= 0xDC00 && u <= 0xDFFF) {
            append_utf8(out_, 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (u - 0xDC00));
            high_surrogate_ = 0;
            return;
          }
          append_utf8(out_, 0xFFFD);
          high_surrogate_ = 0;
        }
        if (u >= 0xD800 && u <= 0xDBFF) high_surrogate_ = u;
        else if (u >= 0xDC00 && u <= 0xDFFF) append_utf8(out_, 0xFFFD);
        else append_utf8(out_, u);
      };
      if (!carry_.empty() && !in.empty()) {
        emit(unit_at(static_cast<unsigned char>(carry_[0]), static_cast<unsigned char>(in[0])));
        carry_.clear();
        i = 1;
      }
      for (; i + 1 < in.size(); i += 2) {
        emit(unit_at(static_cast<unsigned char>(in[i]), static_cast<unsigned char>(in[i + 1])));
      }
      if (i < in.size()) carry_.assign(1, in[i]);
      return out_;
    }
  }
  return in;
}

}  // namespace kpi

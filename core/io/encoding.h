// Streaming conversion of a file's bytes to UTF-8. The encoding is decided
// once, from the first few KiB: a BOM wins; else bytes that are valid UTF-8
// are UTF-8; else NUL-heavy odd/even bytes are BOM-less UTF-16; else the
// bytes are Windows-1251 (Russian Excel's default). UTF-8 input passes
// through without a copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kpi {

enum class Encoding : uint8_t { kUnknown, kUtf8, kUtf8Bom, kWindows1251, kUtf16Le, kUtf16Be };

/// "utf-8", "utf-8-bom", "windows-1251", "utf-16le", "utf-16be" ("unknown" before detection).
std::string_view encoding_name(Encoding e) noexcept;

class Utf8Decoder {
 public:
  /// How many bytes are looked at before deciding (fewer if the file is shorter).
  static constexpr size_t kSniffBytes = 4096;

  /// Decodes the next chunk. The returned view is valid until the next call;
  /// it may be `in` itself (UTF-8) or an internal buffer. It may be empty
  /// while the first kSniffBytes are still being collected.
  std::string_view decode(std::string_view in);
  /// Flushes what is pending at end of input (a short file, a cut sequence).
  std::string_view finish();

  Encoding encoding() const noexcept { return encoding_; }
  /// True when the sniffed bytes hold NULs and are not UTF-16: not text.
  bool binary() const noexcept { return binary_; }

 private:
  void decide(std::string_view sample, bool whole_file);
  std::string_view convert(std::string_view in);

  Encoding encoding_ = Encoding::kUnknown;
  bool binary_ = false;
  bool bom_checked_ = false;
  std::string sniff_;     // first bytes, kept until the encoding is decided
  std::string out_;       // converted output (non-UTF-8 inputs)
  std::string carry_;     // an odd byte of UTF-16 split across chunks
  uint32_t high_surrogate_ = 0;
};

/// Appends the UTF-8 form of a code point.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace kpi

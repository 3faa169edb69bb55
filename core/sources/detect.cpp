#include "core/sources/detect.h"

#include "core/io/number.h"

namespace kpi {

FileFormat sniff_format(std::string_view raw, std::string_view text, bool binary) noexcept {
  if (raw.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return FileFormat::kXlsx;
  if (raw.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) return FileFormat::kOleXls;
  // UTF-32 byte order marks (checked before UTF-16's FF FE, which the LE one starts with).
  if (raw.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4) ||
      raw.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) {
    return FileFormat::kUtf32;
  }
  if (binary) return FileFormat::kBinary;
  const std::string_view t = trim(text);
  if (t.empty()) return FileFormat::kEmpty;
  if (t[0] == '{' || t[0] == '[') return FileFormat::kJson;
  if (t[0] == '<') return FileFormat::kHtml;
  return FileFormat::kDelimitedText;
}

Signature known_signature(std::string_view raw) noexcept {
  struct Known {
    std::string_view magic;
    Signature what;
  };
  static constexpr Known kKnown[] = {
      {std::string_view("\x89PNG\r\n\x1a\n", 8), {"FILE_IMAGE", "PNG"}},
      {std::string_view("\xFF\xD8\xFF", 3), {"FILE_IMAGE", "JPEG"}},
      {"GIF8", {"FILE_IMAGE", "GIF"}},
      {"%PDF", {"FILE_PDF", "PDF"}},
      {"Rar!", {"FILE_ARCHIVE", "RAR"}},
      {std::string_view("7z\xBC\xAF\x27\x1C", 6), {"FILE_ARCHIVE", "7z"}},
      {std::string_view("\x1F\x8B", 2), {"FILE_ARCHIVE", "gzip"}},
  };
  for (const Known& k : kKnown) {
    if (raw.starts_with(k.magic)) return k.what;
  }
  return {};
}

}  // namespace kpi

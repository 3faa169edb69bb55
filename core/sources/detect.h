// Recognises what a file is from its first bytes, not its name: a zip
// (XLSX), an OLE2 compound file (old binary XLS), JSON, an HTML table (the
// Bitrix24 "Excel" export), UTF-32 text (which we do not read), or
// delimited text.
#pragma once

#include <string_view>

namespace kpi {

enum class FileFormat : uint8_t { kEmpty, kDelimitedText, kXlsx, kOleXls, kJson, kHtml, kBinary, kUtf32 };

/// `raw` = the file's first bytes as given; `text` = the start of its UTF-8
/// decoding; `binary` = the decoder saw NULs that are not UTF-16.
FileFormat sniff_format(std::string_view raw, std::string_view text, bool binary) noexcept;

/// A file people drop by mistake, by its signature in the first 8 bytes:
/// the strings-table rule that says what it is ("FILE_IMAGE", "FILE_PDF",
/// "FILE_ARCHIVE") and its format's name ("PNG"); {"", ""} when none matches.
struct Signature {
  std::string_view rule;
  std::string_view format;
};
Signature known_signature(std::string_view raw) noexcept;

}  // namespace kpi

// Character and entity references of the markup readers (the HTML table
// reader and the XLSX parts' XML scanner): one decoder for both.
#pragma once

#include <cstdint>
#include <string_view>

namespace kpi {

/// The code point entity `name` (the text between `&` and `;`) stands for:
/// `#NNN` / `#xHH` character references, and the named entities the CRMs'
/// exports write (amp, lt, gt, quot, apos, nbsp; HTML's upper-case AMP, LT,
/// GT, QUOT). A reference to NUL, a surrogate or past U+10FFFF gives U+FFFD.
/// False for any other name (the caller keeps it as written).
bool decode_entity(std::string_view name, uint32_t& code_point) noexcept;

}  // namespace kpi

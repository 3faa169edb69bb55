// Case-insensitive matching of names as Russian CRMs write them: stage,
// pipeline, source and owner names compare after folding ASCII, the Cyrillic
// capitals А-Я and Ѐ-Џ (Ё, and Ukrainian Є, І, Ї), Ґ, and the Latin-1 capitals
// À-Þ (Spanish, Portuguese and German headers) to lower case (spec/kpi.md §3a
// "Stage names match case-insensitively"). Other bytes pass unchanged.
#pragma once

#include <string>
#include <string_view>

namespace kpi {

/// Writes the folded form of `s` into `out` (cleared first; reuse it to avoid allocations).
void fold_case(std::string_view s, std::string& out);
/// The folded form of `s`.
std::string fold_case(std::string_view s);

}  // namespace kpi

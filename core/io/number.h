// Amounts and counts as CRMs write them: `1234.5`, `1 234,50` (plain,
// no-break or thin spaces as thousands separators), `1,234.50`, `-5`, with
// or without a currency sign or word (`₽`, `руб.`, `RUB`, `$`, `€`...).
#pragma once

#include <string_view>

namespace kpi {

/// Parses a decimal amount. A single comma with no dot is a decimal comma
/// (`12,5` = 12.5, `1,234` = 1.234: Russian exports first); several commas,
/// or a comma before a dot, are thousands separators. Returns false (and
/// leaves `out` alone) for anything that is not a number.
bool parse_amount(std::string_view text, double& out) noexcept;

/// `[-+]digits[.digits]` with at most 19 digits, exactly as strtod reads it
/// (correctly rounded); false for any other text. The fast path of
/// parse_amount and of the XLSX reader's numbers.
bool parse_plain_decimal(std::string_view text, double& out) noexcept;

/// Trims ASCII white space and UTF-8 no-break / thin spaces from both ends.
std::string_view trim(std::string_view text) noexcept;

}  // namespace kpi

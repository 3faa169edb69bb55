// The words the readers recognise, as data: the header dictionary (what CRMs
// call the canonical columns, one list per interface language, in
// core/sources/dictionary/<lang>.cpp) and the cell words (deal states,
// activity types and directions, final stages, "not closed").
//
// A header matches case-folded (ASCII and Cyrillic) and trimmed; the origin
// of the matches names the file's format. The same header may name different
// fields in different tables ("Дата закрытия": a deal's closed_at, a task's
// completed_at). Extend freely: order does not matter. Where crm-formats.md
// says "unconfirmed" (the UI exports of tasks, calls and stage history), the
// plausible spellings of both CRMs and of generic exports are all listed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/model/dataset.h"
#include "core/sources/tables.h"

namespace kpi {

/// Where a header name comes from: the canonical name itself, any CRM, or one CRM's exports.
enum class Origin : uint8_t { kCanonical, kGeneric, kAmo, kBitrix };

struct Alias {
  TableKind table;
  size_t column;  ///< index into the table's columns (tables.h)
  std::string_view header;
  Origin origin;
};

/// Short names the language files write their rows with.
namespace dict {
inline constexpr TableKind kD = TableKind::kDeals, kE = TableKind::kStageEvents, kT = TableKind::kTasks,
                           kA = TableKind::kActivities;
inline constexpr Origin kGen = Origin::kGeneric, kAmo = Origin::kAmo, kBx = Origin::kBitrix;
}  // namespace dict

/// One interface language's column titles.
struct HeaderLanguage {
  std::string_view code;  ///< "ru", "en", ...
  std::span<const Alias> aliases;
  /// Amounts in this interface group thousands with a dot and use a decimal
  /// comma ("5.000" is five thousand, "19.999,99"): uk, es, pt, de.
  bool decimal_comma = false;
};

/// Every language's header aliases.
std::span<const HeaderLanguage> header_languages() noexcept;

// The per-language lists (core/sources/dictionary/<lang>.cpp).
std::span<const Alias> header_aliases_ru() noexcept;
std::span<const Alias> header_aliases_en() noexcept;
std::span<const Alias> header_aliases_uk() noexcept;
std::span<const Alias> header_aliases_es() noexcept;
std::span<const Alias> header_aliases_pt() noexcept;
std::span<const Alias> header_aliases_de() noexcept;

// ---- cell words ---------------------------------------------------------------

/// A deal state cell: open / won / lost in the CRMs' words. `folded` is
/// scratch space for the case-folded cell (Bitrix24 writes "Успешная",
/// "Провал": Cyrillic capitals).
bool parse_state(std::string_view s, DealState& out, std::string& folded);

/// Activity types: the canonical names, and the words CRM exports of calls
/// and activities write (compared case-folded). A word without a direction
/// ("Звонок") takes it from the direction column.
enum class Dir : uint8_t { kNone, kIn, kOut };
struct ActivityWord {
  std::string_view name;
  ActivityKind kind;
  Dir dir;
};
/// The activity word `folded` names, or null.
const ActivityWord* activity_word(std::string_view folded) noexcept;
/// A direction cell (words, and Bitrix24's DIRECTION codes 1 / 2); kNone when neither.
Dir direction_word(std::string_view folded) noexcept;

/// Final stages of the CRMs' default pipelines, besides settings.won_stages / lost_stages.
std::span<const std::string_view> builtin_won_stages() noexcept;
std::span<const std::string_view> builtin_lost_stages() noexcept;

/// A case-folded closed_at cell that says the deal is still open (amoCRM: «не закрыта»).
bool is_not_closed_word(std::string_view folded) noexcept;

}  // namespace kpi

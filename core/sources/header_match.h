// Header matching and inspection: which canonical table a header row names
// and which column is which (through the header dictionary), and, for an
// inspect read or a header that failed, the columns with their guesses for
// the mapping dialog (docs/formats.md "Columns and guesses").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/report/report.h"
#include "core/sources/dictionary.h"
#include "core/sources/mapping.h"
#include "core/sources/tables.h"

namespace kpi {

/// Which canonical column of each table a header cell names, and how.
struct HeaderMatch {
  std::array<int8_t, kTables.size()> column{-1, -1, -1, -1};  ///< per table (kTables order)
  std::array<Origin, kTables.size()> origin{};
  std::array<const HeaderLanguage*, kTables.size()> language{};  ///< null for a canonical name
};

/// Matches each case-folded, trimmed header cell against the canonical
/// names and every language's aliases.
std::vector<HeaderMatch> match_header(const std::vector<std::string>& folded);

/// How well a header names table t: the columns named (each by its first
/// header cell) and whether every required one is there.
struct TableScore {
  std::array<int, kMaxTableColumns> field{};  ///< header cell of each column, -1 = none
  size_t hits = 0;
  bool complete = true;
};
TableScore score_table(const std::vector<HeaderMatch>& matches, size_t t);

/// The table a header names best: a complete one before any incomplete one,
/// then the most columns named, then the order of kTables. -1 below two hits.
int best_table(const std::vector<HeaderMatch>& matches);

/// Cuts a cell for the preview at a UTF-8 character boundary.
std::string preview_cell(std::string_view s);

/// A header row as kept for inspection.
struct HeaderRow {
  uint64_t line = 0;
  size_t fields = 0;                  ///< all cells
  std::vector<std::string> cells;     ///< as written (cut), at most Inspection::kMaxColumns
  std::vector<std::string> folded;    ///< every cell trimmed and case-folded
};

/// The columns and guesses of a table file: the header (null before one was
/// read), the preview rows, the user's mapping if any, and the reader's clock
/// (kNoTime when not known). Guesses look at the values too and say how sure
/// they are (ColumnGuess::confidence, ::doubt).
Inspection inspect_table(const HeaderRow* header, const std::vector<std::vector<std::string>>& preview,
                         const ColumnMapping* mapping, Instant now);

/// A phone number (10-15 digits, with +, a trunk 7/8, brackets or dashes).
bool looks_like_phone(std::string_view text) noexcept;

}  // namespace kpi

// The malformed-input corpus (issue 12, docs/reliability.md): every case has
// its exact outcome — a named error with its byte, or rows kept, rows skipped
// and counted with the first issue's code and place, the rest read. The
// files are in tests/fixtures/malformed; the big ones (a 10 MB field, 100k
// columns, an XLSX "zip bomb" sheet, JSON nested 5,000 deep) are generated here.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/analyzer.h"

namespace kpi {
namespace {

struct Case {
  const char* file;
  bool ok;
  ErrorCode error;
  uint64_t error_byte;
  uint64_t rows, skipped, issues;
  ErrorCode first_issue;
  uint64_t issue_line, issue_byte;
  const char* kind;
};

// Outcomes read by hand off each file (see docs/reliability.md for why each is right).
const Case kCases[] = {
    {"csv_activity_bad_duration.csv", true, ErrorCode::kOk, 0, 2, 0, 2, ErrorCode::kBadNumber, 2, 27, "activities"},
    {"csv_activity_bad_type.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kBadValue, 2, 16, "activities"},
    {"csv_bad_state.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kBadState, 2, 49, "deals"},
    {"csv_bad_timestamp_text.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kBadTimestamp, 2, 49, "deals"},
    {"csv_binary_garbage.csv", false, ErrorCode::kBinaryFile, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"csv_blank_lines_between.csv", true, ErrorCode::kOk, 0, 2, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_closed_before_created.csv", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_cp1251_no_bom.csv", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_duplicate_ids.csv", true, ErrorCode::kOk, 0, 3, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_empty.csv", false, ErrorCode::kEmptyFile, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"csv_empty_required_cell.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kMissingValue, 2, 49, "deals"},
    {"csv_events_unknown_deals.csv", true, ErrorCode::kOk, 0, 2, 0, 0, ErrorCode::kOk, 0, 0, "stage_events"},
    {"csv_header_only.csv", true, ErrorCode::kOk, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_huge_amount.csv", true, ErrorCode::kOk, 0, 2, 0, 1, ErrorCode::kBadNumber, 2, 49, "deals"},
    {"csv_impossible_date.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kBadTimestamp, 2, 49, "deals"},
    {"csv_missing_required_column.csv", false, ErrorCode::kMissingColumn, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"csv_mixed_delimiters.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kRaggedRow, 3, 68, "deals"},
    {"csv_mixed_line_ends.csv", true, ErrorCode::kOk, 0, 2, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_nan_amount.csv", true, ErrorCode::kOk, 0, 2, 0, 1, ErrorCode::kBadNumber, 2, 49, "deals"},
    {"csv_negative_amount.csv", true, ErrorCode::kOk, 0, 2, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_nul_after_sniff.csv", true, ErrorCode::kOk, 0, 81, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_only_delimiters.csv", false, ErrorCode::kUnknownTable, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"csv_quote_inside_field.csv", true, ErrorCode::kOk, 0, 2, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_ragged_extra_fields.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kRaggedRow, 2, 49, "deals"},
    {"csv_time_backwards.csv", true, ErrorCode::kOk, 0, 3, 0, 0, ErrorCode::kOk, 0, 0, "stage_events"},
    {"csv_truncated_in_quote.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kUnterminatedQuote, 3, 101, "deals"},
    {"csv_truncated_mid_row.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kRaggedRow, 3, 101, "deals"},
    {"csv_unknown_header.csv", false, ErrorCode::kUnknownTable, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"csv_utf16le_no_bom.csv", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_utf16le_odd_byte.csv", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kRaggedRow, 3, 101, "deals"},
    {"csv_utf32_bom.csv", false, ErrorCode::kUnsupportedFormat, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"csv_utf8_bom_then_cp1251.csv", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"csv_whitespace_only.csv", false, ErrorCode::kEmptyFile, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"html_bad_entities.xls", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"html_nested_table.xls", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"html_no_table.xls", false, ErrorCode::kUnknownTable, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"html_truncated_in_tag.xls", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"html_unclosed_cells.xls", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"json_bad_created_at.json", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kBadTimestamp, 0, 0, "deals"},
    {"json_bad_page_among_good.json", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kUnknownDocument, 0, 0, "deals"},
    {"json_bitrix_bad_date.json", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kBadTimestamp, 0, 0, "deals"},
    {"json_bitrix_error_reply.json", false, ErrorCode::kUnknownDocument, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_bitrix_history_unknown_deal.json", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "stage_events"},
    {"json_bom.json", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"json_comment.json", false, ErrorCode::kBadJson, 28, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_empty_array.json", false, ErrorCode::kEmptyFile, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_empty_object.json", false, ErrorCode::kUnknownDocument, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_entity_missing_id.json", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kMissingValue, 0, 0, "deals"},
    {"json_mixed_crms.json", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kUnknownDocument, 0, 0, "deals"},
    {"json_negative_price.json", true, ErrorCode::kOk, 0, 1, 0, 0, ErrorCode::kOk, 0, 0, "deals"},
    {"json_not_an_object_entity.json", true, ErrorCode::kOk, 0, 1, 1, 1, ErrorCode::kBadValue, 0, 0, "deals"},
    {"json_other_endpoint.json", false, ErrorCode::kUnknownDocument, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_scalar.json", false, ErrorCode::kUnknownTable, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_single_quotes.json", false, ErrorCode::kBadJson, 1, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_string_price.json", true, ErrorCode::kOk, 0, 1, 0, 1, ErrorCode::kBadNumber, 0, 0, "deals"},
    {"json_trailing_garbage.json", false, ErrorCode::kBadJson, 29, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"json_truncated.json", false, ErrorCode::kBadJson, 107, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"old_excel.xls", false, ErrorCode::kUnsupportedFormat, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
    {"zip_as_raw_bytes.xlsx", false, ErrorCode::kUnsupportedFormat, 0, 0, 0, 0, ErrorCode::kOk, 0, 0, ""},
};

std::string bytes_of(const std::string& name) {
  std::ifstream in(std::string(KPI_FIXTURES) + "/malformed/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

InputSummary read(Analyzer& a, const std::string& name, std::string_view bytes, size_t chunk = 5) {
  Issue error;
  EXPECT_TRUE(a.begin_file(name, error)) << error.message;
  for (size_t i = 0; i < bytes.size(); i += chunk) a.feed(bytes.substr(i, chunk));
  return a.end_file();
}

// An inline-string sheet: the header row and one deal row.
constexpr const char* kSheetHead =
    R"(<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>stage</t></is></c>)"
    R"(<c t="inlineStr"><is><t>owner</t></is></c><c t="inlineStr"><is><t>created_at</t></is></c></row>)";
constexpr const char* kSheetRow =
    R"(<row r="2"><c t="inlineStr"><is><t>1</t></is></c><c t="inlineStr"><is><t>Новая</t></is></c>)"
    R"(<c t="inlineStr"><is><t>Анна</t></is></c><c t="inlineStr"><is><t>2026-03-02 10:00:00</t></is></c></row>)";

class Malformed : public ::testing::TestWithParam<Case> {};

TEST_P(Malformed, HasItsExactOutcomeAndTheRestStillLoads) {
  const Case& c = GetParam();
  Analyzer a;
  const std::string bytes = bytes_of(c.file);
  ASSERT_FALSE(bytes.empty() && std::string(c.file) != "csv_empty.csv") << c.file;
  const InputSummary s = read(a, c.file, bytes);
  EXPECT_EQ(s.ok, c.ok) << s.error.message;
  EXPECT_EQ(s.error.code, c.error) << error_name(s.error.code) << ": " << s.error.message;
  EXPECT_EQ(s.error.byte, c.error_byte);
  if (!c.ok) EXPECT_EQ(s.error.message.rfind(std::string(c.file) + ": ", 0), 0u) << s.error.message;  // names the file
  EXPECT_EQ(s.rows, c.rows);
  EXPECT_EQ(s.skipped, c.skipped);
  EXPECT_EQ(s.issue_count, c.issues);
  EXPECT_EQ(s.kind, c.kind);
  if (c.issues > 0) {
    ASSERT_FALSE(s.issues.empty());
    EXPECT_EQ(s.issues[0].code, c.first_issue) << s.issues[0].message;
    EXPECT_EQ(s.issues[0].line, c.issue_line) << s.issues[0].message;
    EXPECT_EQ(s.issues[0].byte, c.issue_byte) << s.issues[0].message;
  }
  // The same bytes in one chunk give the same outcome.
  Analyzer one;
  const InputSummary whole = read(one, c.file, bytes, bytes.size() + 1);
  EXPECT_EQ(whole.ok, s.ok);
  EXPECT_EQ(whole.rows, s.rows);
  EXPECT_EQ(whole.skipped, s.skipped);
  // Another file still loads and the analysis runs.
  Issue error;
  ASSERT_TRUE(a.begin_file("good.csv", error));
  a.feed("id,stage,owner,created_at\n9,Новая,Анна,2026-03-02 10:00:00\n");
  EXPECT_TRUE(a.end_file().ok);
  const Report r = a.analyze();
  EXPECT_FALSE(r.managers.empty());
}

INSTANTIATE_TEST_SUITE_P(Corpus, Malformed, ::testing::ValuesIn(kCases), [](const auto& info) {
  std::string n = info.param.file;
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
});

TEST(MalformedGenerated, ATenMegabyteFieldIsStreamedAndCut) {
  // Within the reader's record limit: the row is read, the stage name is
  // the 10 MB text (the report cuts names for display), the rest reads on.
  Analyzer a;
  std::string bytes = "id,stage,owner,created_at\n1,Новая,Анна,2026-03-02 10:00:00\n2,";
  bytes.append(10u << 20, 'x');
  bytes += ",Анна,2026-03-03 10:00:00\n3,Новая,Анна,2026-03-04 10:00:00\n";
  const InputSummary s = read(a, "big_field.csv", bytes, 1 << 20);
  EXPECT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.skipped, 0u);
  EXPECT_EQ(a.dataset().strings.view(a.dataset().deals.stage[1]).size(), 10u << 20);
}

TEST(MalformedGenerated, AHundredThousandColumnsAreRead) {
  Analyzer a;
  std::string header = "id,stage,owner,created_at";
  for (int i = 0; i < 100000; ++i) header += ",c" + std::to_string(i);
  std::string row = "\n1,Новая,Анна,2026-03-02 10:00:00" + std::string(100000, ',') + "\n";
  const InputSummary s = read(a, "wide.csv", header + row, 1 << 16);
  EXPECT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 1u);
  EXPECT_EQ(s.kind, "deals");
}

// What the page's unzipper hands the core for a zip bomb: a sheet part that
// inflates to far more than it holds. The core streams it (no row is kept
// whole) and stops at the first row over its limit.
TEST(MalformedGenerated, AnXlsxBombSheetStreamsAndStops) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("bomb.xlsx", error));
  ASSERT_TRUE(a.begin_part("xl/worksheets/sheet1.xml", error)) << error.message;
  a.feed(std::string(kSheetHead) + "<row r=\"2\">");
  const std::string chunk(1 << 20, ' ');  // 64 MiB of white space inside one row
  for (int i = 0; i < 64; ++i) a.feed(chunk);
  const InputSummary s = a.end_file();
  EXPECT_FALSE(s.ok && s.rows > 0);
  EXPECT_EQ(s.rows, 0u);
}

TEST(MalformedGenerated, AnXlsxSheetCutInsideATagIsNamed) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("cut.xlsx", error));
  ASSERT_TRUE(a.begin_part("xl/worksheets/sheet1.xml", error));
  a.feed(std::string(kSheetHead) + kSheetRow + "<row r=\"");
  const InputSummary s = a.end_file();
  EXPECT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 1u);
  EXPECT_EQ(s.skipped, 1u);  // the cut row
  ASSERT_FALSE(s.issues.empty());
  EXPECT_EQ(s.issues.back().code, ErrorCode::kBadXlsx) << s.issues.back().message;
}

TEST(MalformedGenerated, AnXlsxWithBrokenSharedStringsFailsNamingThePart) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("strings.xlsx", error));
  ASSERT_TRUE(a.begin_part("xl/sharedStrings.xml", error));
  a.feed("<sst><si><t>id</t></si><si><t");
  ASSERT_TRUE(a.begin_part("xl/worksheets/sheet1.xml", error));
  const InputSummary s = a.end_file();
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kBadXlsx);
  EXPECT_NE(s.error.message.find("strings.xlsx: xl/sharedStrings.xml: "), std::string::npos) << s.error.message;
}

TEST(MalformedGenerated, AnXlsxWithoutASheetFails) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("nosheet.xlsx", error));
  ASSERT_TRUE(a.begin_part("xl/styles.xml", error));
  a.feed("<styleSheet/>");
  const InputSummary s = a.end_file();
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kBadXlsx);
  EXPECT_EQ(s.error.message, "nosheet.xlsx: the workbook has no worksheet (xl/worksheets/sheet1.xml is missing)");
}

TEST(MalformedGenerated, ABrokenZipAfterRowsKeepsTheRows) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("broken.xlsx", error));
  ASSERT_TRUE(a.begin_part("xl/worksheets/sheet1.xml", error));
  a.feed(std::string(kSheetHead) + kSheetRow);
  a.fail_file(ErrorCode::kBadZip, 4096, "the deflate stream is corrupt at byte 4096");
  const InputSummary s = a.end_file();
  EXPECT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 1u);
  EXPECT_EQ(s.skipped, 1u);
  ASSERT_FALSE(s.issues.empty());
  EXPECT_EQ(s.issues.back().code, ErrorCode::kBadZip);
  EXPECT_EQ(s.issues.back().byte, 4096u);
}

TEST(MalformedGenerated, ABrokenZipBeforeRowsFailsTheFile) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("broken.xlsx", error));
  ASSERT_TRUE(a.begin_part("xl/workbook.xml", error));
  a.fail_file(ErrorCode::kBadZip, 22, "the zip directory is cut short");
  const InputSummary s = a.end_file();
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kBadZip);
  EXPECT_EQ(s.error.byte, 22u);
}

TEST(MalformedGenerated, JsonNestedFiveThousandDeepIsNamed) {
  Analyzer a;
  const std::string bytes = std::string(5000, '[') + std::string(5000, ']');
  const InputSummary s = read(a, "deep.json", bytes, 4096);
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kBadJson);
  EXPECT_EQ(s.error.byte, 1024u);
  EXPECT_EQ(s.error.message, "deep.json: the JSON is malformed at byte 1024: found '[' nested deeper than 1024 levels");
}

}  // namespace
}  // namespace kpi

// The XLSX part readers on hand-written XML: shared strings (rich text,
// entities, phonetic runs, _xHHHH_), styles (which formats are dates), serial
// dates (1900 with its leap-year bug, 1904), numbers, the worksheet (gaps,
// missing references, every cell type, padding, malformed XML), and the
// Analyzer's multi-part API. Every reader is also fed in every two-chunk split
// and byte by byte: the result must not depend on the chunk boundaries.
#include "core/io/xlsx_reader.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/analyzer.h"
#include "tests/core/support.h"

namespace kpi {
namespace {

using Rows = std::vector<std::vector<std::string>>;

class Collect final : public CsvHandler {
 public:
  bool on_record(const CsvRecord& record) override {
    rows.emplace_back(record.fields.begin(), record.fields.end());
    lines.push_back(record.line);
    return true;
  }
  Rows rows;
  std::vector<uint64_t> lines;
};

// Feeds `text` to `feed` cut at `cut` (npos = whole) or byte by byte (cut = 0 and bytewise).
template <typename Feed>
void feed_split(std::string_view text, size_t cut, bool bytewise, Feed&& feed) {
  if (bytewise) {
    for (size_t i = 0; i < text.size(); ++i) feed(text.substr(i, 1));
  } else if (cut >= text.size()) {
    feed(text);
  } else {
    feed(text.substr(0, cut));
    feed(text.substr(cut));
  }
}

std::vector<std::string> shared_strings(std::string_view xml, size_t cut = std::string_view::npos, bool bytewise = false) {
  SharedStrings s;
  feed_split(xml, cut, bytewise, [&](std::string_view c) { s.feed(c); });
  s.finish();
  EXPECT_FALSE(s.scanner().failed()) << *s.scanner().error();
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) out.emplace_back(s.at(i));
  return out;
}

constexpr std::string_view kSharedStrings =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">)"
    R"(<si><t>ID</t></si>)"
    // rich text: three runs, one with xml:space, a phonetic run that must not show
    R"(<si><r><rPr><b/></rPr><t>Анна</t></r><r><t xml:space="preserve"> Смирнова</t></r>)"
    R"(<rPh sb="0" eb="1"><t>ANNA</t></rPh></si>)"
    // entities: named, decimal (&#1040; = А), hex (&#x431; = б), and an unknown one kept
    R"(<si><t>Поставка &quot;Альфа&quot; &amp; &lt;Ко&gt; &#1040;&#x431;&apos; &bogus;</t></si>)"
    R"(<si><t/></si>)"
    R"(<si><t>a_x000D_b_x005F_x</t></si>)"
    R"(<si><t><![CDATA[<не тег> & ok]]></t><!-- a comment > --></si>)"
    R"(</sst>)";

TEST(XlsxSharedStrings, RichTextEntitiesAndEscapes) {
  const std::vector<std::string> want = {
      "ID",
      "Анна Смирнова",
      "Поставка \"Альфа\" & <Ко> Аб' &bogus;",
      "",
      "a\rb_x",  // _x000D_ is CR; _x005F_ is a literal underscore
      "<не тег> & ok",
  };
  EXPECT_EQ(shared_strings(kSharedStrings), want);
  for (size_t cut = 0; cut <= kSharedStrings.size(); ++cut) {
    ASSERT_EQ(shared_strings(kSharedStrings, cut), want) << "cut at " << cut;
  }
  EXPECT_EQ(shared_strings(kSharedStrings, 0, true), want);
}

TEST(XlsxStyles, DateFormatsBuiltInAndCustom) {
  EXPECT_TRUE(is_date_format(14, {}));
  EXPECT_TRUE(is_date_format(22, {}));
  EXPECT_TRUE(is_date_format(45, {}));
  EXPECT_TRUE(is_date_format(47, {}));
  EXPECT_FALSE(is_date_format(0, {}));
  EXPECT_FALSE(is_date_format(4, {}));   // #,##0.00
  EXPECT_FALSE(is_date_format(23, {}));
  EXPECT_FALSE(is_date_format(49, {}));  // @
  EXPECT_TRUE(is_date_format(164, "dd.mm.yyyy hh:mm"));
  EXPECT_TRUE(is_date_format(165, "[$-419]d mmm yyyy;@"));
  EXPECT_TRUE(is_date_format(166, "[Red]yyyy"));
  EXPECT_FALSE(is_date_format(167, "#,##0\\ \"руб.\""));  // quoted text and an escaped space
  EXPECT_FALSE(is_date_format(168, "[Red]0.00;[Blue]-0.00"));
  EXPECT_FALSE(is_date_format(169, "0.00E+00"));
  EXPECT_FALSE(is_date_format(170, "General"));
  EXPECT_FALSE(is_date_format(171, "#,##0_-\"d\""));  // padding `_-`, a quoted d
  EXPECT_FALSE(is_date_format(172, "\\d0"));          // an escaped d
}

constexpr std::string_view kStyles =
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\.mm\.yyyy\ hh:mm"/>)"
    R"(<numFmt numFmtId="165" formatCode="#,##0&quot;d&quot;"/></numFmts>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
    R"(<cellXfs count="5"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" applyNumberFormat="1"/>)"
    R"(<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs>)"
    R"(<dxfs count="1"><dxf><numFmt numFmtId="166" formatCode="yyyy"/></dxf></dxfs>)"
    R"(</styleSheet>)";

TEST(XlsxStyles, CellXfsMapToDateOrNot) {
  for (size_t cut = 0; cut <= kStyles.size(); ++cut) {
    CellStyles s;
    feed_split(kStyles, cut, false, [&](std::string_view c) { s.feed(c); });
    s.finish();
    ASSERT_FALSE(s.scanner().failed());
    // 0 General, 1 built-in 14, 2 custom date, 3 custom with a quoted "d", 4 built-in 4;
    // cellStyleXfs' entry is not a cell style, and the dxf format is not used.
    ASSERT_FALSE(s.is_date(0)) << cut;
    ASSERT_TRUE(s.is_date(1)) << cut;
    ASSERT_TRUE(s.is_date(2)) << cut;
    ASSERT_FALSE(s.is_date(3)) << cut;
    ASSERT_FALSE(s.is_date(4)) << cut;
    ASSERT_FALSE(s.is_date(5)) << cut;  // no such style
  }
}

std::string serial(double v, bool date1904 = false) {
  char buf[32];
  const size_t n = format_serial_date(v, date1904, buf);
  return std::string(buf, n);
}

TEST(XlsxDates, SerialDays1900And1904) {
  EXPECT_EQ(serial(1), "1900-01-01 00:00:00");
  EXPECT_EQ(serial(59), "1900-02-28 00:00:00");
  EXPECT_EQ(serial(60), "1900-02-29 00:00:00");  // Lotus' leap-year bug, as Excel shows it
  EXPECT_EQ(serial(61), "1900-03-01 00:00:00");
  // 2026-03-02 10:15 is 46083 days after 1899-12-30 plus 10.25/24 = 0.427083...
  EXPECT_EQ(serial(46083.427083333336), "2026-03-02 10:15:00");
  EXPECT_EQ(serial(46086.697916666664), "2026-03-05 16:45:00");  // 16:45 = 0.697916...
  EXPECT_EQ(serial(46086.99999999), "2026-03-06 00:00:00");      // rounded to the second
  EXPECT_EQ(serial(0.5), "12:00:00");                            // a time of day alone
  EXPECT_EQ(serial(2958465), "9999-12-31 00:00:00");
  EXPECT_EQ(serial(2958466), "");
  EXPECT_EQ(serial(-1), "");
  // 1904 system: day 0 is 1904-01-01; 46083 - 1462 = 44621 is the same 2026-03-02.
  EXPECT_EQ(serial(0, true), "1904-01-01 00:00:00");
  EXPECT_EQ(serial(44621.427083333336, true), "2026-03-02 10:15:00");
}

std::string number(std::string_view text) {
  char buf[48];
  const size_t n = format_number(text, buf);
  return std::string(buf, n);
}

TEST(XlsxNumbers, ShortestRoundTrip) {
  EXPECT_EQ(number("150000"), "150000");
  EXPECT_EQ(number("-42"), "-42");
  EXPECT_EQ(number("0.10000000000000001"), "0.1");
  EXPECT_EQ(number("19999.990000000002"), "19999.99");  // the same double as 19999.99
  EXPECT_EQ(number("1E3"), "1000");
  EXPECT_EQ(number("1200000.5"), "1200000.5");
  EXPECT_EQ(number("12345678901234567890"), "1.2345678901234567e+19");
  EXPECT_EQ(number(" 7 "), "7");
  EXPECT_EQ(number("abc"), "");
  EXPECT_EQ(number("1,5"), "");
  EXPECT_EQ(number(""), "");
}

struct SheetRead {
  Collect out;
  std::optional<Issue> error;
  std::vector<Issue> issues;
};

SheetRead read_sheet(std::string_view xml, const CellStyles& styles, const SharedStrings& strings,
                     bool date1904 = false, size_t cut = std::string_view::npos, bool bytewise = false) {
  SheetRead r;
  XlsxSheetReader reader("sheet1.xml", styles, strings, date1904);
  feed_split(xml, cut, bytewise, [&](std::string_view c) { reader.feed(c, r.out); });
  reader.finish(r.out);
  r.error = reader.error();
  r.issues = reader.issues();
  return r;
}

CellStyles parse_styles(std::string_view xml) {
  CellStyles s;
  s.feed(xml);
  s.finish();
  return s;
}

SharedStrings parse_strings(std::string_view xml) {
  SharedStrings s;
  s.feed(xml);
  s.finish();
  return s;
}

constexpr std::string_view kSheet =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E6"/>)"
    R"(<sheetData>)"
    // the header: shared strings, with a gap at C (an empty header field)
    R"(<row r="1" spans="1:5"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>When</t></is></c><c r="E1" t="str"><v>Sum</v></c></row>)"
    // numbers, a date style, a boolean, a formula string, an empty styled cell
    R"(<row r="2"><c r="A2"><v>101</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" s="1"/><c r="D2" s="2"><v>46083.427083333336</v></c><c r="E2" t="str"><f>A2*2</f><v>202</v></c></row>)"
    // a blank row (styled cells only), then a gap in the row numbers
    R"(<row r="3"><c r="A3" s="1"/></row>)"
    // no r on the row or cells: row 4, columns A, B; trailing cells absent (padded)
    R"(<row><c><v>0.10000000000000001</v></c><c t="e"><v>#N/A</v></c></row>)"
    // inline rich text with a phonetic run; a cell out of order; a missing shared string
    R"(<row r="9"><c r="B9" t="inlineStr"><is><r><t>Иг</t></r><r><t>орь</t></r><rPh><t>x</t></rPh></is></c>)"
    R"(<c r="A9"><v>5</v></c><c r="C9" t="s"><v>7</v></c><c r="D9" t="d"><v>2026-03-04T09:00:00</v></c></row>)"
    R"(</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>)";

constexpr std::string_view kSheetStyles =
    R"(<styleSheet><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/></cellXfs></styleSheet>)";
constexpr std::string_view kSheetStrings = R"(<sst><si><t>ID</t></si><si><t>Won</t></si></sst>)";

TEST(XlsxSheet, CellsGapsTypesAndPadding) {
  const CellStyles styles = parse_styles(kSheetStyles);
  const SharedStrings strings = parse_strings(kSheetStrings);
  const Rows want = {
      {"ID", "Won", "", "When", "Sum"},
      {"101", "TRUE", "", "2026-03-02 10:15:00", "202"},
      {"0.1", "#N/A", "", "", ""},
      {"", "Игорь", "", "2026-03-04T09:00:00", ""},  // A9 came after B9: ignored; C9's string #7 missing
  };
  const SheetRead whole = read_sheet(kSheet, styles, strings);
  ASSERT_FALSE(whole.error) << whole.error->message;
  EXPECT_EQ(whole.out.rows, want);
  EXPECT_EQ(whole.out.lines, (std::vector<uint64_t>{1, 2, 4, 9}));
  ASSERT_EQ(whole.issues.size(), 2u);
  EXPECT_EQ(whole.issues[0].message, "sheet1.xml row 9: a second value for column 1 is ignored");
  EXPECT_EQ(whole.issues[1].message, "sheet1.xml row 9: shared string #7 does not exist (the workbook has 2)");
  for (size_t cut = 0; cut <= kSheet.size(); ++cut) {
    const SheetRead split = read_sheet(kSheet, styles, strings, false, cut);
    ASSERT_FALSE(split.error) << cut;
    ASSERT_EQ(split.out.rows, want) << "cut at " << cut;
    ASSERT_EQ(split.out.lines, whole.out.lines) << "cut at " << cut;
  }
  EXPECT_EQ(read_sheet(kSheet, styles, strings, false, 0, true).out.rows, want);
}

TEST(XlsxSheet, Date1904AndNoStyles) {
  const CellStyles styles = parse_styles(kSheetStyles);
  const SharedStrings none;
  constexpr std::string_view xml =
      R"(<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>44621.427083333336</v></c><c r="B1"><v>44621.5</v></c></row></sheetData></worksheet>)";
  EXPECT_EQ(read_sheet(xml, styles, none, true).out.rows, (Rows{{"2026-03-02 10:15:00", "44621.5"}}));
  // Without styles no number is a date.
  const CellStyles no_styles;
  EXPECT_EQ(read_sheet(xml, no_styles, none, true).out.rows, (Rows{{"44621.427083333336", "44621.5"}}));
  // The serial-60 bug day comes out as Excel shows it (the time parser later rejects it).
  constexpr std::string_view bug = R"(<worksheet><sheetData><row><c s="1"><v>60</v></c></row></sheetData></worksheet>)";
  EXPECT_EQ(read_sheet(bug, styles, none).out.rows, (Rows{{"1900-02-29 00:00:00"}}));
}

TEST(XlsxSheet, MalformedXmlNamesThePartAndRow) {
  const CellStyles styles;
  const SharedStrings strings;
  const std::string head = R"(<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>ID</t></is></c></row>)"
                           R"(<row r="2"><c><v>1</v></c></row>)";
  // Cut inside a tag: rows before the cut were emitted, then the error.
  const SheetRead cut = read_sheet(head + R"(<row r="3"><c r="A3)", styles, strings);
  ASSERT_TRUE(cut.error);
  EXPECT_EQ(cut.error->code, ErrorCode::kBadXlsx);
  EXPECT_EQ(cut.error->line, 3u);
  ASSERT_EQ(head.size(), 110u);
  EXPECT_EQ(cut.error->byte, 110u + 11);  // the `<c` after `<row r="3">`
  EXPECT_EQ(cut.error->message,
            "sheet1.xml row 3: the part ends inside a tag that starts at byte 121 (is the file cut short?)");
  EXPECT_EQ(cut.out.rows, (Rows{{"ID"}, {"1"}}));
  // Cut between tags: the open row is not emitted.
  const SheetRead open = read_sheet(head + R"(<row r="3"><c><v>7</v></c>)", styles, strings);
  ASSERT_TRUE(open.error);
  EXPECT_EQ(open.error->message, "sheet1.xml row 3: the sheet ends before </sheetData> (is the file cut short?)");
  EXPECT_EQ(open.out.rows.size(), 2u);
  // A `<` that opens nothing, and a bad attribute.
  const SheetRead lt = read_sheet(head + "< row>", styles, strings);
  ASSERT_TRUE(lt.error);
  EXPECT_EQ(lt.error->message, "sheet1.xml row 2: a `<` at byte 110 opens no tag");
  const SheetRead attr = read_sheet(head + "<row r=3>", styles, strings);
  ASSERT_TRUE(attr.error);
  EXPECT_EQ(attr.error->message, "sheet1.xml row 2: an unquoted attribute value in <row> at byte 110");
  // Not a worksheet at all.
  const SheetRead none = read_sheet("<sst><si><t>x</t></si></sst>", styles, strings);
  ASSERT_TRUE(none.error);
  EXPECT_EQ(none.error->message, "sheet1.xml byte 28: no <sheetData> (is this a worksheet?)");  // its end
}

TEST(XlsxWorkbook, FirstSheetThroughTheRels) {
  constexpr std::string_view workbook =
      R"(<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
      R"(<workbookPr date1904="1"/><sheets><sheet name="Сделки &amp; лиды" sheetId="3" r:id="rId7"/>)"
      R"(<sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  constexpr std::string_view rels =
      R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId7" Type="x/worksheet" Target="worksheets/sheet2.xml"/></Relationships>)";
  WorkbookInfo info;
  info.begin_workbook("xl/workbook.xml");
  info.feed(workbook);
  info.finish();
  EXPECT_EQ(info.sheet_part(), "");  // the rels are not read yet
  info.begin_rels();
  for (char c : rels) info.feed(std::string_view(&c, 1));
  info.finish();
  EXPECT_FALSE(info.scanner().failed());
  EXPECT_TRUE(info.date1904());
  EXPECT_EQ(info.sheet_name(), "Сделки & лиды");
  EXPECT_EQ(info.sheet_part(), "xl/worksheets/sheet2.xml");
  // An absolute target and one that climbs out of the workbook's folder.
  WorkbookInfo abs;
  abs.begin_workbook("xl/workbook.xml");
  abs.feed(R"(<workbook><sheets><sheet name="a" r:id="r1"/></sheets></workbook>)");
  abs.begin_rels();
  abs.feed(R"(<Relationships><Relationship Id="r1" Target="/xl/worksheets/a.xml"/></Relationships>)");
  EXPECT_EQ(abs.sheet_part(), "xl/worksheets/a.xml");
  EXPECT_FALSE(abs.date1904());
  WorkbookInfo up;
  up.begin_workbook("xl/workbook.xml");
  up.feed(R"(<x:workbook><x:sheets><x:sheet name="a" r:id="r1"/></x:sheets></x:workbook>)");
  up.begin_rels();
  up.feed(R"(<Relationships><Relationship Id="r1" Target="../sheets/a.xml"/></Relationships>)");
  EXPECT_EQ(up.sheet_part(), "sheets/a.xml");
}

// ---- the Analyzer's part API --------------------------------------------------

constexpr std::string_view kAmoWorkbook =
    R"(<workbook xmlns:r="r"><sheets><sheet name="Сделки" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view kAmoRels =
    R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";
constexpr std::string_view kAmoStyles =
    R"(<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd.mm.yyyy hh:mm:ss"/></numFmts>)"
    R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>)";
// The header: ID, Бюджет, Ответственный, Дата создания сделки, Дата закрытия, Этап сделки.
constexpr std::string_view kAmoStrings =
    R"(<sst><si><t>ID</t></si><si><t>Бюджет</t></si><si><t>Ответственный</t></si>)"
    R"(<si><t>Дата создания сделки</t></si><si><t>Дата закрытия</t></si><si><t>Этап сделки</t></si>)"
    R"(<si><t>Анна</t></si><si><t>Успешно реализовано</t></si><si><t>не закрыта</t></si><si><t>Переговоры</t></si></sst>)";
constexpr std::string_view kAmoSheet =
    R"(<worksheet><sheetData>)"
    R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>)"
    R"(<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>)"
    // 101: won, 150000, created 2026-03-02 10:15, closed 2026-03-05 12:00
    R"(<row r="2"><c r="A2"><v>101</v></c><c r="B2"><v>150000</v></c><c r="C2" t="s"><v>6</v></c>)"
    R"(<c r="D2" s="1"><v>46083.427083333336</v></c><c r="E2" s="1"><v>46086.5</v></c><c r="F2" t="s"><v>7</v></c></row>)"
    // 103: open («не закрыта»), no budget
    R"(<row r="3"><c r="A3"><v>103</v></c><c r="C3" t="s"><v>6</v></c>)"
    R"(<c r="D3" s="1"><v>46085.375</v></c><c r="E3" t="s"><v>8</v></c><c r="F3" t="s"><v>9</v></c></row>)"
    R"(</sheetData></worksheet>)";

void feed_part(Analyzer& a, std::string_view name, std::string_view bytes, size_t chunk = 7) {
  Issue error;
  ASSERT_TRUE(a.begin_part(name, error)) << error.message;
  for (size_t i = 0; i < bytes.size(); i += chunk) a.feed(bytes.substr(i, chunk));
}

TEST(XlsxAnalyzer, PartsMakeAnAmoCrmDealsTable) {
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("deals.xlsx", error));
  feed_part(a, "xl/workbook.xml", kAmoWorkbook);
  feed_part(a, "xl/_rels/workbook.xml.rels", kAmoRels);
  EXPECT_EQ(a.sheet_part(), "xl/worksheets/sheet1.xml");
  feed_part(a, "xl/styles.xml", kAmoStyles);
  feed_part(a, "xl/sharedStrings.xml", kAmoStrings);
  feed_part(a, a.sheet_part(), kAmoSheet);
  const InputSummary& s = a.end_file();
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.kind, "deals");
  EXPECT_EQ(s.format, "amocrm-xlsx");
  EXPECT_EQ(s.encoding, "utf-8");
  EXPECT_EQ(s.rows, 2u);
  EXPECT_EQ(s.issue_count, 0u);
  // bytes = the parts' bytes, as fed
  EXPECT_EQ(s.bytes, kAmoWorkbook.size() + kAmoRels.size() + kAmoStyles.size() + kAmoStrings.size() + kAmoSheet.size());
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d.state[0], DealState::kWon);
  EXPECT_EQ(d.state[1], DealState::kOpen);
  EXPECT_EQ(format_instant(d.created_at[0]), "2026-03-02T07:15:00Z");  // 10:15 Moscow
  EXPECT_EQ(format_instant(d.closed_at[0]), "2026-03-05T09:00:00Z");   // 12:00 Moscow
  EXPECT_EQ(d.closed_at[1], kNoTime);
  EXPECT_DOUBLE_EQ(d.amount[0], 150000);
  test::configure(a, R"({"period_preset": "whole"})");  // the whole sheet (the default: its last complete week)
  const Report r = a.analyze();
  test::expect_value(r.team, Metric::kWonCount, 1);
  test::expect_value(r.team, Metric::kRevenue, 150000);
}

TEST(XlsxAnalyzer, RowIssuesSayRowAndTheSerial60DayIsNoDate) {
  // Row 2 is fine; row 3's created_at is serial 60 (1900-02-29, which never was); row 4's is text.
  constexpr std::string_view sheet =
      R"(<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>stage</t></is></c>)"
      R"(<c t="inlineStr"><is><t>owner</t></is></c><c t="inlineStr"><is><t>created_at</t></is></c></row>)"
      R"(<row r="2"><c><v>1</v></c><c t="inlineStr"><is><t>New</t></is></c><c t="inlineStr"><is><t>Ann</t></is></c><c s="1"><v>46083.5</v></c></row>)"
      R"(<row r="3"><c><v>2</v></c><c t="inlineStr"><is><t>New</t></is></c><c t="inlineStr"><is><t>Ann</t></is></c><c s="1"><v>60</v></c></row>)"
      R"(<row r="4"><c><v>3</v></c><c t="inlineStr"><is><t>New</t></is></c><c t="inlineStr"><is><t>Ann</t></is></c><c t="inlineStr"><is><t>вчера</t></is></c></row>)"
      R"(</sheetData></worksheet>)";
  Analyzer a;
  Issue error;
  ASSERT_TRUE(a.begin_file("deals.xlsx", error));
  feed_part(a, "xl/styles.xml", kAmoStyles);
  feed_part(a, "xl/worksheets/sheet1.xml", sheet);
  const InputSummary& s = a.end_file();
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.format, "canonical-xlsx");
  EXPECT_EQ(s.rows, 1u);
  EXPECT_EQ(s.skipped, 2u);
  ASSERT_EQ(s.issues.size(), 2u);
  EXPECT_EQ(s.issues[0].code, ErrorCode::kBadTimestamp);
  EXPECT_EQ(s.issues[0].line, 3u);
  EXPECT_EQ(s.issues[0].message, "row 3: \"created_at\" is not a date/time: \"1900-02-29 00:00:00\"");
  EXPECT_EQ(s.issues[1].message, "row 4: \"created_at\" is not a date/time: \"вчера\"");
  EXPECT_EQ(format_instant(a.dataset().deals.created_at[0]), "2026-03-02T09:00:00Z");  // 12:00 Moscow
}

TEST(XlsxAnalyzer, ErrorsAreNamed) {
  Analyzer a;
  Issue error;
  // A zip fed as raw bytes: the core cannot unpack it.
  ASSERT_TRUE(a.begin_file("raw.xlsx", error));
  a.feed(std::string_view("PK\x03\x04\x14\x00\x06\x00", 8));
  const InputSummary raw = a.end_file();
  EXPECT_FALSE(raw.ok);
  EXPECT_EQ(raw.error.code, ErrorCode::kUnsupportedFormat);
  EXPECT_NE(raw.error.message.find("must be unpacked first"), std::string::npos) << raw.error.message;
  // No worksheet among the parts.
  ASSERT_TRUE(a.begin_file("nosheet.xlsx", error));
  feed_part(a, "xl/workbook.xml", kAmoWorkbook);
  feed_part(a, "xl/_rels/workbook.xml.rels", kAmoRels);
  const InputSummary nosheet = a.end_file();
  EXPECT_FALSE(nosheet.ok);
  EXPECT_EQ(nosheet.error.code, ErrorCode::kBadXlsx);
  EXPECT_EQ(nosheet.error.message, "nosheet.xlsx: the workbook has no worksheet (xl/worksheets/sheet1.xml is missing)");
  // Malformed shared strings fail the file before the sheet.
  ASSERT_TRUE(a.begin_file("badstrings.xlsx", error));
  feed_part(a, "xl/sharedStrings.xml", "<sst><si><t>x</t></si><si><t");
  feed_part(a, "xl/worksheets/sheet1.xml", kAmoSheet);
  const InputSummary bad = a.end_file();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error.code, ErrorCode::kBadXlsx);
  EXPECT_EQ(bad.error.message,
            "badstrings.xlsx: xl/sharedStrings.xml: the part ends inside a tag that starts at byte 26 (is the file cut short?)");  // <sst><si><t>x</t></si><si> is 26 bytes
  // The container fails before any row: the file fails with the caller's message.
  ASSERT_TRUE(a.begin_file("cut.xlsx", error));
  feed_part(a, "xl/workbook.xml", kAmoWorkbook);
  a.fail_file(ErrorCode::kBadZip, 1234, "xl/sharedStrings.xml: the deflate data is corrupt");
  feed_part(a, "xl/worksheets/sheet1.xml", kAmoSheet);  // ignored
  const InputSummary cut = a.end_file();
  EXPECT_FALSE(cut.ok);
  EXPECT_EQ(cut.error.code, ErrorCode::kBadZip);
  EXPECT_EQ(cut.error.byte, 1234u);
  EXPECT_EQ(cut.error.message, "cut.xlsx: xl/sharedStrings.xml: the deflate data is corrupt");
  // ... and after rows: they stay, the error is a skipped-row issue.
  ASSERT_TRUE(a.begin_file("late.xlsx", error));
  feed_part(a, "xl/styles.xml", kAmoStyles);
  feed_part(a, "xl/sharedStrings.xml", kAmoStrings);
  feed_part(a, "xl/worksheets/sheet1.xml", kAmoSheet.substr(0, kAmoSheet.find("<row r=\"3\"")));
  a.fail_file(ErrorCode::kBadZip, 99, "xl/worksheets/sheet1.xml: the deflate data is corrupt");
  const InputSummary late = a.end_file();
  EXPECT_TRUE(late.ok);
  EXPECT_EQ(late.rows, 1u);
  ASSERT_EQ(late.issues.size(), 1u);
  EXPECT_EQ(late.issues[0].code, ErrorCode::kBadZip);
  // Parts after bytes, and a second sheet, are usage errors.
  ASSERT_TRUE(a.begin_file("mixed.csv", error));
  a.feed("id,stage\n");
  EXPECT_FALSE(a.begin_part("xl/workbook.xml", error));
  EXPECT_EQ(error.code, ErrorCode::kBadUsage);
  a.abort_file();
  ASSERT_TRUE(a.begin_file("two.xlsx", error));
  feed_part(a, "xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>");
  EXPECT_FALSE(a.begin_part("xl/worksheets/sheet2.xml", error));
  const InputSummary empty = a.end_file();
  EXPECT_FALSE(empty.ok);
  EXPECT_EQ(empty.error.code, ErrorCode::kEmptyFile);
  EXPECT_EQ(empty.error.message, "two.xlsx: the sheet holds no data");
}

}  // namespace
}  // namespace kpi

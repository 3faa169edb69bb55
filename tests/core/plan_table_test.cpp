// The sales-plan table of Settings read by the core (core/sources/plan_table.h):
// hand-written CSV and XLSX parts, with the exact plans and the exact errors
// (line, code, params) each should give.
#include "core/sources/plan_table.h"

#include <string>

#include <gtest/gtest.h>

namespace kpi {
namespace {

const std::string kMarch = R"("from":"2026-03-01","to":"2026-04-01")";

TEST(PlanTable, RussianCsvWithOneBadLineAmongGoodOnes) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "Менеджер;Месяц;План, ₽;Сделок\r\n"
      "Анна Смирнова;март 2026;\"1 500 000,50\";12\r\n"  // line 2: both amounts
      ";03.2026;5;\r\n"                                   // line 3: no manager
      "Игорь Петров;марток;100;\r\n"                      // line 4: not a month
      "Ольга Новикова;2026-04;двести;\r\n"                // line 5: not a number
      "\r\n"                                              // skipped
      "Команда;2026-03;;40\r\n"                           // line 7: the team, by count
      "Юлия Павлова;2026-03;;\r\n"                        // line 8: no amount
      "Борис;Dec 2026;1,500;\r\n";                        // line 9: fifteen hundred in December
  EXPECT_EQ(plan_table_json(csv),
            R"({"plans":[{"owner":"Анна Смирнова",)" + kMarch + R"(,"revenue":1500000.5,"won_count":12,"line":2},)"
            R"({"owner":"",)" + kMarch + R"(,"won_count":40,"line":7},)"
            R"({"owner":"Борис","from":"2026-12-01","to":"2027-01-01","revenue":1500,"line":9}],)"
            R"("errors":[{"line":3,"code":"PLAN_IMPORT_NO_OWNER","params":{}},)"
            R"({"line":4,"code":"PLAN_IMPORT_BAD_PERIOD","params":{"value":"марток"}},)"
            R"({"line":5,"code":"PLAN_IMPORT_BAD_NUMBER","params":{"value":"двести","column":"revenue"}},)"
            R"({"line":8,"code":"PLAN_IMPORT_NO_AMOUNT","params":{}}],)"
            R"("encoding":"utf-8-bom","sheet":null,"sheets":[]})");
}

TEST(PlanTable, Windows1251CommaCsvWithDays) {
  // "Manager,From,To,Revenue" in English; the days inclusive; "Вера" in Windows-1251 (C2 E5 F0 E0).
  const std::string csv =
      "Manager,From,To,Deals won\n"
      "\xC2\xE5\xF0\xE0,01.03.2026,31.03.2026,3\n"
      "Anna,2026-03-01,2026-02-30,1\n";
  EXPECT_EQ(plan_table_json(csv),
            R"({"plans":[{"owner":"Вера",)" + kMarch + R"(,"won_count":3,"line":2}],)"
            R"("errors":[{"line":3,"code":"PLAN_IMPORT_BAD_PERIOD","params":{"value":"2026-03-01 – 2026-02-30"}}],)"
            R"("encoding":"windows-1251","sheet":null,"sheets":[]})");
}

TEST(PlanTable, MonthsAsPeopleWriteThem) {
  for (const char* month : {"2026-03", "03.2026", "3.2026", "Март 2026", "март 2026 г.", "March 2026", "mar 2026",
                            "15.03.2026", "марта 2026"}) {
    EXPECT_EQ(plan_table_json(std::string("manager;month;plan\nA;") + month + ";1\n"),
              R"({"plans":[{"owner":"A",)" + kMarch + R"(,"revenue":1,"line":2}],"errors":[],"encoding":"utf-8","sheet":null,"sheets":[]})")
        << month;
  }
  EXPECT_EQ(plan_table_json("manager;month;plan\nA;13.2026;1\n"),
            R"({"plans":[],"errors":[{"line":2,"code":"PLAN_IMPORT_BAD_PERIOD","params":{"value":"13.2026"}}],"encoding":"utf-8","sheet":null,"sheets":[]})");
}

TEST(PlanTable, AHeaderWithoutTheColumnsAndAnEmptyFile) {
  EXPECT_EQ(plan_table_json("Name,Notes\nAnna,x\n"),
            R"({"plans":[],"errors":[{"line":1,"code":"PLAN_IMPORT_NO_COLUMNS","params":{"missing":["owner","amount","period"]}}],"encoding":"utf-8","sheet":null,"sheets":[]})");
  EXPECT_EQ(plan_table_json(""),
            R"({"plans":[],"errors":[{"line":1,"code":"PLAN_IMPORT_EMPTY","params":{}}],"encoding":"utf-8","sheet":null,"sheets":[]})");
  EXPECT_EQ(plan_table_json("manager;month;plan\nA;2026-03;\"1\n"),
            R"({"plans":[],"errors":[{"line":2,"code":"PLAN_IMPORT_UNREADABLE","params":{"rule":"CSV_QUOTE_NEVER_CLOSES","line":2}}],"encoding":"utf-8","sheet":null,"sheets":[]})");
}

// A workbook of two sheets: "Notes" (no plan header) first, "Plans" second, with
// shared strings, a date-styled start day (46082 = 2026-03-01) and an inline string.
const char* kWorkbook =
    R"(<workbook xmlns:r="r"><sheets><sheet name="Notes" sheetId="1" r:id="rId1"/>)"
    R"(<sheet name="Plans" sheetId="2" r:id="rId2"/></sheets></workbook>)";
const char* kRels =
    R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>)";
const char* kStyles = R"(<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>)";
const char* kStrings = R"(<sst><si><t>Manager</t></si><si><t>From</t></si><si><t>To</t></si><si><t>Revenue</t></si><si><t>Anna</t></si></sst>)";
const char* kNotes = R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hello</t></is></c></row></sheetData></worksheet>)";
const char* kPlans =
    R"(<worksheet><sheetData>)"
    R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>)"
    R"(<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="1"><v>46082</v></c><c r="C2" t="inlineStr"><is><t>15.03.2026</t></is></c><c r="D2"><v>1500000</v></c></row>)"
    R"(<row r="4"><c r="A4" t="inlineStr"><is><t>Boris</t></is></c><c r="B4"><v>46082</v></c><c r="C4"><v>46112</v></c><c r="D4" t="inlineStr"><is><t>-5</t></is></c></row>)"
    R"(</sheetData></worksheet>)";

TEST(PlanTable, XlsxPicksThePlanSheetOrTheOneNamed) {
  const std::vector<PlanTablePart> parts{{"xl/workbook.xml", kWorkbook},    {"xl/_rels/workbook.xml.rels", kRels},
                                         {"xl/styles.xml", kStyles},       {"xl/sharedStrings.xml", kStrings},
                                         {"xl/worksheets/sheet1.xml", kNotes}, {"xl/worksheets/sheet2.xml", kPlans}};
  EXPECT_EQ(plan_table_json({}, parts),
            R"({"plans":[{"owner":"Anna","from":"2026-03-01","to":"2026-03-16","revenue":1500000,"line":2}],)"
            R"("errors":[{"line":4,"code":"PLAN_IMPORT_BAD_NUMBER","params":{"value":"-5","column":"revenue"}}],)"
            R"("encoding":null,"sheet":"Plans","sheets":["Notes","Plans"]})");
  EXPECT_EQ(plan_table_json({}, parts, "Notes"),
            R"({"plans":[],"errors":[{"line":1,"code":"PLAN_IMPORT_NO_COLUMNS","params":{"missing":["owner","amount","period"]}}],)"
            R"("encoding":null,"sheet":"Notes","sheets":["Notes","Plans"]})");
  // A sheet whose XML breaks: the rows before the break are read, then the reader's own issue.
  std::vector<PlanTablePart> cut = parts;
  const std::string broken = std::string(kPlans).substr(0, std::string(kPlans).find("<row r=\"4\""));
  cut.back().bytes = broken;
  EXPECT_EQ(plan_table_json({}, cut),
            R"({"plans":[{"owner":"Anna","from":"2026-03-01","to":"2026-03-16","revenue":1500000,"line":2}],)"
            R"("errors":[{"line":2,"code":"PLAN_IMPORT_UNREADABLE","params":{"rule":"XLSX_SHEET_CUT","part":"sheet2.xml"}}],)"
            R"("encoding":null,"sheet":"Plans","sheets":["Notes","Plans"]})");
  // No worksheet at all.
  EXPECT_EQ(plan_table_json({}, {parts.begin(), parts.begin() + 4}),
            R"({"plans":[],"errors":[{"line":null,"code":"PLAN_IMPORT_UNREADABLE","params":{"rule":"XLSX_NO_SHEET","part":"xl/worksheets/sheet1.xml"}}],)"
            R"("encoding":null,"sheet":null,"sheets":[]})");
}

TEST(PlanTable, BinaryIsNoTable) {
  EXPECT_EQ(plan_table_json(std::string("PK\x03\x04\0\0\0\0\0\0\0\0", 12)),
            R"({"plans":[],"errors":[{"line":null,"code":"PLAN_IMPORT_UNREADABLE","params":{"rule":"FILE_BINARY"}}],"encoding":"utf-8","sheet":null,"sheets":[]})");
}

}  // namespace
}  // namespace kpi

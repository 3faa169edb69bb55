// The canonical CSV tables end to end through kpi::Analyzer: recognition by
// header, values landing in the model, every row and file error with its code
// and line, other encodings, chunking, and dropping a file. Times without an
// offset are Moscow wall-clock (the default zone, UTC+3); the expected
// instants were computed with GNU date.
#include "core/analyzer.h"

#include <cmath>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace kpi {
namespace {

constexpr std::string_view kDealsHeader =
    "id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason\n";

const InputSummary& load(Analyzer& a, std::string_view name, std::string_view bytes, size_t chunk = 0) {
  Issue error;
  EXPECT_TRUE(a.begin_file(name, error)) << error.message;
  if (chunk == 0) chunk = bytes.size() + 1;
  for (size_t i = 0; i < bytes.size(); i += chunk) a.feed(bytes.substr(i, chunk));
  return a.end_file();
}

std::string str(const Analyzer& a, StrId id) { return std::string(a.dataset().strings.view(id)); }
std::string deal_id(const Analyzer& a, StrId id) { return std::string(a.dataset().ids.view(id)); }

// The first kept issue with `code`, or nullptr.
const Issue* find_issue(const InputSummary& s, ErrorCode code) {
  for (const Issue& i : s.issues) {
    if (i.code == code) return &i;
  }
  return nullptr;
}

TEST(CanonicalCsv, RecognisesEachTableByHeader) {
  struct Case {
    const char* kind;
    std::string_view text;
    char delimiter;
  };
  const Case cases[] = {
      {"deals", "id;stage;state;owner;created_at\nD1;New;open;Anna;2026-03-02\n", ';'},
      {"stage_events", "deal_id,to_stage,at\nD1,New,2026-03-02 10:00\n", ','},
      {"tasks", "id\towner\tdue_at\nT1\tAnna\t2026-03-03\n", '\t'},
      {"activities", "deal_id,type,at\nD1,call_in,2026-03-02 10:00\n", ','},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.kind);
    Analyzer a;
    const InputSummary& s = load(a, "input.csv", c.text);
    EXPECT_TRUE(s.ok) << s.error.message;
    EXPECT_EQ(s.kind, c.kind);
    EXPECT_EQ(s.format, "canonical-csv");
    EXPECT_EQ(s.encoding, "utf-8");
    EXPECT_EQ(s.delimiter, c.delimiter);
    EXPECT_EQ(s.rows, 1u);
    EXPECT_EQ(s.skipped, 0u);
    EXPECT_EQ(s.issue_count, 0u);
    EXPECT_EQ(s.bytes, c.text.size());
    EXPECT_EQ(s.file, "input.csv");
  }
}

TEST(CanonicalCsv, ReadsDealValuesIntoColumns) {
  Analyzer a;
  const std::string text = std::string(kDealsHeader) +
                           "D1,Big deal,Main,Negotiation,won,Anna,site_form,SMB,\"1 234,50\",RUB,"
                           "2026-03-02 14:05,2026-03-10T12:00:00Z,\n"
                           "D2,,,New,lost,Boris,,,,,02.03.2026 14:05:07,05.03.2026 09:00,Too expensive\n"
                           "D3, spaced ,Main, New ,OPEN, Anna ,,,0,,2026-03-02T14:05:00+05:00,,\n";
  const InputSummary& s = load(a, "deals.csv", text);
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.issue_count, 0u);
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 3u);

  EXPECT_EQ(deal_id(a, d.id[0]), "D1");
  EXPECT_EQ(d.title[0], "Big deal");
  EXPECT_EQ(str(a, d.pipeline[0]), "Main");
  EXPECT_EQ(str(a, d.stage[0]), "Negotiation");
  EXPECT_EQ(d.state[0], DealState::kWon);
  EXPECT_EQ(str(a, d.owner[0]), "Anna");
  EXPECT_EQ(str(a, d.source[0]), "site_form");
  EXPECT_EQ(str(a, d.segment[0]), "SMB");
  EXPECT_DOUBLE_EQ(d.amount[0], 1234.5);
  EXPECT_EQ(str(a, d.currency[0]), "RUB");
  EXPECT_EQ(d.created_at[0], 1772449500);  // 2026-03-02 14:05 MSK = 11:05Z
  EXPECT_EQ(d.closed_at[0], 1773144000);   // 2026-03-10T12:00:00Z
  EXPECT_EQ(d.loss_reason[0], kNoStr);
  EXPECT_EQ(d.file[0], 0);

  EXPECT_TRUE(d.title[1].empty());
  EXPECT_EQ(d.state[1], DealState::kLost);
  EXPECT_TRUE(std::isnan(d.amount[1]));  // empty amount = missing, not an error
  EXPECT_EQ(d.created_at[1], 1772449507);  // 14:05:07 MSK
  EXPECT_EQ(d.closed_at[1], 1772690400);   // 2026-03-05 09:00 MSK = 06:00Z
  EXPECT_EQ(str(a, d.loss_reason[1]), "Too expensive");

  // Cells are trimmed; state is case-insensitive; an explicit offset wins.
  EXPECT_EQ(d.title[2], "spaced");
  EXPECT_EQ(str(a, d.stage[2]), "New");
  EXPECT_EQ(d.owner[2], d.owner[0]);
  EXPECT_EQ(d.state[2], DealState::kOpen);
  EXPECT_EQ(d.amount[2], 0);
  EXPECT_EQ(d.created_at[2], 1772460300 - 5 * 3600);
  EXPECT_EQ(d.closed_at[2], kNoTime);
}

// Exports that write dates as numbers: unix seconds (an instant) and Excel
// serial days (a wall-clock time in the zone, here Moscow, UTC+3).
TEST(CanonicalCsv, ReadsUnixSecondsAndExcelSerialDays) {
  Analyzer a;
  const std::string text = std::string(kDealsHeader) +
                           "D1,,Main,New,open,Anna,,,,,1772434800,,\n"      // 2026-03-02 07:00:00Z
                           "D2,,Main,New,open,Anna,,,,,46083.5,,\n"         // 46083 = 2026-03-02; .5 = 12:00 MSK
                           "D3,,Main,New,open,Anna,,,,,\"46083,75\",,\n"  // decimal comma: 18:00 MSK
                           "D4,,Main,New,open,Anna,,,,,12345,,\n"           // neither: a 5-digit number below 20000
                           "D5,,Main,New,open,Anna,,,,,20260302,,\n";       // neither: 8 digits
  const InputSummary& s = load(a, "deals.csv", text);
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.skipped, 2u);
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.created_at[0], 1772434800);
  // (46083 - 25569) days * 86400 = 1772409600 = 2026-03-02 00:00 (as UTC);
  // + 12 h of wall clock in Moscow = 09:00Z = 1772409600 + 9 * 3600.
  EXPECT_EQ(d.created_at[1], 1772409600 + 9 * 3600);
  EXPECT_EQ(d.created_at[2], 1772409600 + 15 * 3600);
  const Issue* bad = find_issue(s, ErrorCode::kBadTimestamp);
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->line, 5u);
}

TEST(CanonicalCsv, FindsColumnsInAnyOrderAndCaseIgnoringExtras) {
  Analyzer a;
  const std::string_view text =
      "Notes;CREATED_AT;Owner;Extra;STATE;Stage;ID;Amount\n"
      "n1;2026-03-02 14:05;Anna;x;Won;Invoice;D9;1000 \xE2\x82\xBD\n";
  const InputSummary& s = load(a, "deals.csv", text);
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.kind, "deals");
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(deal_id(a, d.id[0]), "D9");
  EXPECT_EQ(str(a, d.stage[0]), "Invoice");
  EXPECT_EQ(str(a, d.owner[0]), "Anna");
  EXPECT_EQ(d.state[0], DealState::kWon);
  EXPECT_DOUBLE_EQ(d.amount[0], 1000);
  EXPECT_EQ(d.created_at[0], 1772449500);
  EXPECT_TRUE(d.title[0].empty());
  EXPECT_EQ(d.source[0], kNoStr);
  EXPECT_EQ(a.dataset().strings.find("n1"), kNoStr);  // extra columns are not read
  EXPECT_EQ(a.dataset().strings.find("x"), kNoStr);
}

TEST(CanonicalCsv, ReadsStageEventsTasksAndActivities) {
  Analyzer a;
  ASSERT_TRUE(load(a, "events.csv", "at,deal_id,from_stage,to_stage,by\n2026-03-02 15:00,D1,New,Qualification,Anna\n").ok);
  ASSERT_TRUE(load(a, "tasks.csv",
                   "type,completed_at,due_at,created_at,owner,deal_id,id\n"
                   "call,,2026-03-03 18:00,2026-03-02 10:00,Anna,D1,T1\n"
                   "meeting,2026-03-03 15:00,,,Boris,,T2\n")
                  .ok);
  ASSERT_TRUE(load(a, "activities.csv",
                   "id,deal_id,owner,type,at,duration_s\n"
                   "A1,D1,Anna,call_out,2026-03-02 14:05:07,125.4\n"
                   "A2,D1,,message_in,02.03.2026 14:10,\n"
                   "A3,D2,Boris,EMAIL_IN,2026-03-02 15:00,\n"
                   "A4,D2,Boris,meeting,2026-03-02 15:00,3600\n"
                   "A5,D2,Boris,email_out,2026-03-02 15:00,0\n"
                   "A6,D2,Boris,call_in,2026-03-02 15:00,-5\n"
                   "A7,D2,Boris,message_out,2026-03-02 15:00,\n")
                  .ok);
  const Dataset& ds = a.dataset();

  ASSERT_EQ(ds.stage_events.size(), 1u);
  EXPECT_EQ(deal_id(a, ds.stage_events.deal_id[0]), "D1");
  EXPECT_EQ(str(a, ds.stage_events.from_stage[0]), "New");
  EXPECT_EQ(str(a, ds.stage_events.to_stage[0]), "Qualification");
  EXPECT_EQ(str(a, ds.stage_events.by[0]), "Anna");
  EXPECT_EQ(ds.stage_events.at[0], 1772452800);  // 15:00 MSK = 12:00Z
  EXPECT_EQ(ds.stage_events.file[0], 0);

  ASSERT_EQ(ds.tasks.size(), 2u);
  EXPECT_EQ(ds.tasks.id[0], "T1");
  EXPECT_EQ(deal_id(a, ds.tasks.deal_id[0]), "D1");
  EXPECT_EQ(str(a, ds.tasks.owner[0]), "Anna");
  EXPECT_EQ(str(a, ds.tasks.type[0]), "call");
  EXPECT_EQ(ds.tasks.created_at[0], 1772434800);  // 10:00 MSK
  EXPECT_EQ(ds.tasks.due_at[0], 1772550000);      // 03-03 18:00 MSK
  EXPECT_EQ(ds.tasks.completed_at[0], kNoTime);
  EXPECT_EQ(ds.tasks.deal_id[1], kNoStr);
  EXPECT_EQ(ds.tasks.created_at[1], kNoTime);
  EXPECT_EQ(ds.tasks.due_at[1], kNoTime);          // kept without a due date
  EXPECT_EQ(ds.tasks.completed_at[1], 1772539200);  // 03-03 15:00 MSK = 12:00Z
  EXPECT_EQ(ds.tasks.file[0], 1);

  const ActivityTable& act = ds.activities;
  ASSERT_EQ(act.size(), 7u);  // A6: a negative duration is reported, the row kept
  struct Want {
    const char* id;
    ActivityKind kind;
    Direction dir;
    int32_t duration;
  };
  const Want want[] = {
      {"A1", ActivityKind::kCall, Direction::kOut, 125},
      {"A2", ActivityKind::kMessage, Direction::kIn, -1},
      {"A3", ActivityKind::kEmail, Direction::kIn, -1},
      {"A4", ActivityKind::kMeeting, Direction::kOut, 3600},
      {"A5", ActivityKind::kEmail, Direction::kOut, 0},
      {"A6", ActivityKind::kCall, Direction::kIn, -1},
      {"A7", ActivityKind::kMessage, Direction::kOut, -1},
  };
  for (size_t i = 0; i < std::size(want); ++i) {
    SCOPED_TRACE(want[i].id);
    EXPECT_EQ(act.id[i], want[i].id);
    EXPECT_EQ(act.kind[i], want[i].kind);
    EXPECT_EQ(act.direction[i], want[i].dir);
    EXPECT_EQ(act.duration_s[i], want[i].duration);
    EXPECT_EQ(act.file[i], 2);
  }
  EXPECT_EQ(act.at[0], 1772449507);
  EXPECT_EQ(act.at[1], 1772449800);
  EXPECT_EQ(act.owner[1], kNoStr);
  EXPECT_EQ(deal_id(a, act.deal_id[0]), "D1");
  EXPECT_EQ(a.files()[2].rows, 7u);
  EXPECT_EQ(a.files()[2].issue_count, 1u);  // A6's duration
  EXPECT_EQ(a.files()[2].skipped, 0u);
}

TEST(CanonicalCsv, RejectsUnknownHeaderNamingTheFile) {
  Analyzer a;
  const InputSummary& s = load(a, "mystery.csv", "foo,bar,baz\n1,2,3\n");
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kUnknownTable);
  EXPECT_NE(s.error.message.find("mystery.csv"), std::string::npos) << s.error.message;
  EXPECT_EQ(s.rows, 0u);
  EXPECT_EQ(a.dataset().deals.size(), 0u);
}

TEST(CanonicalCsv, RejectsDealsWithoutOwner) {
  Analyzer a;
  const InputSummary& s =
      load(a, "deals.csv", "id,title,stage,state,amount,created_at\nD1,x,New,open,1,2026-03-02\n");
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.code, ErrorCode::kMissingColumn);
  EXPECT_NE(s.error.message.find("\"owner\""), std::string::npos) << s.error.message;
  EXPECT_NE(s.error.message.find("deals.csv"), std::string::npos) << s.error.message;
  EXPECT_EQ(a.dataset().deals.size(), 0u);
}

TEST(CanonicalCsv, DerivesStateFromFinalStagesWithoutAStateColumn) {
  Analyzer a;
  const InputSummary& s = load(a, "deals.csv",
                               "id,stage,owner,created_at\nD1,New,Anna,2026-03-02\nD2,won,Anna,2026-03-02\n"
                               "D3,Закрыто и не реализовано,Anna,2026-03-02\nD4,СДЕЛКА УСПЕШНА,Anna,2026-03-02\n");
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.format, "canonical-csv");
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d.state[0], DealState::kOpen);
  EXPECT_EQ(d.state[1], DealState::kWon);   // settings.won_stages
  EXPECT_EQ(d.state[2], DealState::kLost);  // settings.lost_stages
  EXPECT_EQ(d.state[3], DealState::kWon);   // Bitrix24's default, any case
}

TEST(CanonicalCsv, SkipsRaggedRowsWithTheirPhysicalLine) {
  Analyzer a;
  const std::string text = std::string(kDealsHeader) +
                           "D1,\"two\nlines\",Main,New,open,Anna,,,,,2026-03-02,,\n"  // lines 2-3
                           "D2,x,Main,New,open,Anna,,,,,2026-03-02,,,surplus\n"       // line 4: too many
                           "D3,x,Main,New,open\n"                                     // line 5: too few
                           "D4,x,Main,New,open,Anna,,,,,2026-03-02,,,,\n"             // line 6: empty extras are fine
                           "D5,x,Main,New,open,Anna,,,,,2026-03-02,,\n";              // line 7
  const InputSummary& s = load(a, "deals.csv", text);
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.skipped, 2u);
  EXPECT_EQ(s.issue_count, 2u);
  ASSERT_EQ(s.issues.size(), 2u);
  EXPECT_EQ(s.issues[0].code, ErrorCode::kRaggedRow);
  EXPECT_EQ(s.issues[0].line, 4u);
  EXPECT_EQ(s.issues[1].code, ErrorCode::kRaggedRow);
  EXPECT_EQ(s.issues[1].line, 5u);
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(deal_id(a, d.id[0]), "D1");
  EXPECT_EQ(d.title[0], "two\nlines");
  EXPECT_EQ(deal_id(a, d.id[1]), "D4");
  EXPECT_EQ(deal_id(a, d.id[2]), "D5");
}

TEST(CanonicalCsv, CountsLeadingBlankLinesInLineNumbers) {
  // More blank lines than the decoder sniffs before it decides, so in small
  // chunks the first decoded text is only white space.
  const std::string text = std::string(5000, '\n') + std::string(kDealsHeader) + "D1,x\n";  // line 5002
  for (size_t chunk : {0, 1, 1000}) {
    SCOPED_TRACE(chunk);
    Analyzer a;
    const InputSummary& s = load(a, "deals.csv", text, chunk);
    ASSERT_TRUE(s.ok) << s.error.message;
    ASSERT_EQ(s.issues.size(), 1u);
    EXPECT_EQ(s.issues[0].code, ErrorCode::kRaggedRow);
    EXPECT_EQ(s.issues[0].line, 5002u);
  }
}

struct RowErrorCase {
  const char* name;
  std::string_view row;  // one deals row, on line 2
  ErrorCode code;
  uint32_t column;
  bool skipped;
};

TEST(CanonicalCsv, ReportsRowErrors) {
  const RowErrorCase cases[] = {
      {"empty id", ",x,Main,New,open,Anna,,,,,2026-03-02,,\n", ErrorCode::kMissingValue, 1, true},
      {"blank owner", "D1,x,Main,New,open,  ,,,,,2026-03-02,,\n", ErrorCode::kMissingValue, 6, true},
      {"empty created_at", "D1,x,Main,New,open,Anna,,,,,,,\n", ErrorCode::kMissingValue, 11, true},
      {"bad state", "D1,x,Main,New,maybe,Anna,,,,,2026-03-02,,\n", ErrorCode::kBadState, 5, true},
      {"bad created_at", "D1,x,Main,New,open,Anna,,,,,2026-02-30,,\n", ErrorCode::kBadTimestamp, 11, true},
      {"bad closed_at", "D1,x,Main,New,won,Anna,,,,,2026-03-02,someday,\n", ErrorCode::kBadTimestamp, 12, false},
      {"bad amount", "D1,x,Main,New,won,Anna,,,12a,,2026-03-02,,\n", ErrorCode::kBadNumber, 9, false},
  };
  for (const RowErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    Analyzer a;
    const std::string text = std::string(kDealsHeader) + std::string(c.row) +
                             "D9,x,Main,New,open,Anna,,,5,,2026-03-02,,\n";
    const InputSummary& s = load(a, "deals.csv", text);
    ASSERT_TRUE(s.ok) << s.error.message;
    ASSERT_EQ(s.issues.size(), 1u);
    EXPECT_EQ(s.issue_count, 1u);
    EXPECT_EQ(s.issues[0].code, c.code);
    EXPECT_EQ(s.issues[0].line, 2u);
    EXPECT_EQ(s.issues[0].column, c.column);
    EXPECT_FALSE(s.issues[0].message.empty());
    EXPECT_EQ(s.skipped, c.skipped ? 1u : 0u);
    EXPECT_EQ(s.rows, c.skipped ? 1u : 2u);
    const DealTable& d = a.dataset().deals;
    ASSERT_EQ(d.size(), s.rows);
    EXPECT_EQ(deal_id(a, d.id.back()), "D9");
    if (!c.skipped) {
      EXPECT_EQ(deal_id(a, d.id[0]), "D1");
      EXPECT_EQ(d.created_at[0], 1772409600 - 3 * 3600);
    }
  }
}

TEST(CanonicalCsv, KeepsRowWithBadClosedAtAndAmountAsMissing) {
  Analyzer a;
  const std::string text = std::string(kDealsHeader) + "D1,x,Main,New,won,Anna,,,lots,,2026-03-02,31.02.2026,\n";
  const InputSummary& s = load(a, "deals.csv", text);
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.rows, 1u);
  EXPECT_EQ(s.skipped, 0u);
  EXPECT_EQ(s.issue_count, 2u);
  EXPECT_NE(find_issue(s, ErrorCode::kBadTimestamp), nullptr);
  EXPECT_NE(find_issue(s, ErrorCode::kBadNumber), nullptr);
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.closed_at[0], kNoTime);
  EXPECT_TRUE(std::isnan(d.amount[0]));
}

TEST(CanonicalCsv, ReportsUnknownActivityType) {
  Analyzer a;
  const InputSummary& s = load(a, "activities.csv",
                               "deal_id,type,at\nD1,fax,2026-03-02 10:00\nD1,call_in,2026-03-02 10:00\n");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.rows, 1u);
  EXPECT_EQ(s.skipped, 1u);
  ASSERT_EQ(s.issues.size(), 1u);
  EXPECT_EQ(s.issues[0].code, ErrorCode::kBadValue);
  EXPECT_EQ(s.issues[0].line, 2u);
  EXPECT_EQ(s.issues[0].column, 2u);
  EXPECT_NE(s.issues[0].message.find("fax"), std::string::npos);
}

// --- other encodings ---------------------------------------------------------

// A deals table with Cyrillic in several columns.
constexpr std::u16string_view kCyrillicDeals =
    u"id;stage;state;owner;source;amount;created_at;loss_reason\r\n"
    u"D1;Переговоры;открыта;Анна;Звонок;1 500,50;02.03.2026 14:05;\r\n"
    u"D2;Закрыто;проиграна;Борис;Сайт;;02.03.2026 09:05;Дорого, нет бюджета\r\n"
    u"D3;Счёт;won;Ёлкин;№1;1000;2026-03-02;\r\n";

std::string to_utf8(std::u16string_view s) {  // BMP only
  std::string out;
  for (char16_t u : s) {
    if (u < 0x80) {
      out.push_back(static_cast<char>(u));
    } else if (u < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (u >> 6)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (u >> 12)));
      out.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    }
  }
  return out;
}

// Windows-1251 by its table: А..я = C0..FF, Ё = A8, ё = B8, № = B9.
std::string to_cp1251(std::u16string_view s) {
  std::string out;
  for (char16_t u : s) {
    if (u < 0x80) out.push_back(static_cast<char>(u));
    else if (u >= 0x0410 && u <= 0x044F) out.push_back(static_cast<char>(0xC0 + (u - 0x0410)));
    else if (u == 0x0401) out.push_back('\xA8');
    else if (u == 0x0451) out.push_back('\xB8');
    else if (u == 0x2116) out.push_back('\xB9');
    else ADD_FAILURE() << "no cp1251 byte for U+" << std::hex << static_cast<int>(u);
  }
  return out;
}

std::string to_utf16le(std::u16string_view s, bool bom) {
  std::string out;
  if (bom) out += "\xFF\xFE";
  for (char16_t u : s) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  return out;
}

// The deals table as comparable values.
struct DealRow {
  std::string id, stage, owner, source, loss_reason;
  DealState state;
  double amount;
  Instant created;
  bool operator==(const DealRow& o) const {
    return id == o.id && stage == o.stage && owner == o.owner && source == o.source &&
           loss_reason == o.loss_reason && state == o.state && created == o.created &&
           (amount == o.amount || (std::isnan(amount) && std::isnan(o.amount)));
  }
};

std::vector<DealRow> deal_rows(const Analyzer& a) {
  std::vector<DealRow> rows;
  const DealTable& d = a.dataset().deals;
  for (size_t i = 0; i < d.size(); ++i) {
    rows.push_back({deal_id(a, d.id[i]), str(a, d.stage[i]), str(a, d.owner[i]), str(a, d.source[i]),
                    str(a, d.loss_reason[i]), d.state[i], d.amount[i], d.created_at[i]});
  }
  return rows;
}

TEST(CanonicalCsv, ReadsWindows1251AndUtf16LikeUtf8) {
  Analyzer utf8;
  const InputSummary& s8 = load(utf8, "deals.csv", to_utf8(kCyrillicDeals));
  ASSERT_TRUE(s8.ok) << s8.error.message;
  EXPECT_EQ(s8.encoding, "utf-8");
  EXPECT_EQ(s8.rows, 3u);
  const std::vector<DealRow> want = deal_rows(utf8);
  ASSERT_EQ(want.size(), 3u);
  // The UTF-8 reading itself, by hand.
  EXPECT_EQ(want[0].stage, "\xD0\x9F\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80\xD1\x8B");
  EXPECT_EQ(want[0].owner, "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0");
  EXPECT_EQ(want[0].state, DealState::kOpen);
  EXPECT_DOUBLE_EQ(want[0].amount, 1500.5);
  EXPECT_EQ(want[0].created, 1772449500);
  EXPECT_EQ(want[1].state, DealState::kLost);
  EXPECT_EQ(want[1].created, 1772431500);  // 09:05 MSK = 06:05Z
  EXPECT_EQ(want[1].loss_reason,
            "\xD0\x94\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB3\xD0\xBE, \xD0\xBD\xD0\xB5\xD1\x82 "
            "\xD0\xB1\xD1\x8E\xD0\xB4\xD0\xB6\xD0\xB5\xD1\x82\xD0\xB0");
  EXPECT_EQ(want[2].source, "\xE2\x84\x96" "1");
  EXPECT_EQ(want[2].owner, "\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB8\xD0\xBD");

  struct Case {
    const char* name;
    std::string bytes;
    const char* encoding;
  };
  const Case cases[] = {
      {"utf-8 with BOM", "\xEF\xBB\xBF" + to_utf8(kCyrillicDeals), "utf-8-bom"},
      {"windows-1251", to_cp1251(kCyrillicDeals), "windows-1251"},
      {"utf-16le with BOM", to_utf16le(kCyrillicDeals, true), "utf-16le"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    for (size_t chunk : {0, 1, 3}) {
      SCOPED_TRACE(chunk);
      Analyzer a;
      const InputSummary& s = load(a, "deals.csv", c.bytes, chunk);
      ASSERT_TRUE(s.ok) << s.error.message;
      EXPECT_EQ(s.encoding, c.encoding);
      EXPECT_EQ(s.delimiter, ';');
      EXPECT_EQ(s.rows, 3u);
      EXPECT_EQ(s.issue_count, 0u);
      EXPECT_EQ(deal_rows(a), want);
    }
  }
}

// --- whole-file problems ------------------------------------------------------

TEST(CanonicalCsv, RejectsUnreadableFiles) {
  struct Case {
    const char* name;
    std::string bytes;
    ErrorCode code;
  };
  std::string binary;
  for (int i = 0; i < 300; ++i) binary.push_back(static_cast<char>((i * 37 + 11) % 256));
  binary[3] = '\0';
  const Case cases[] = {
      {"empty", "", ErrorCode::kEmptyFile},
      {"blank lines", "\r\n\r\n  \n", ErrorCode::kEmptyFile},
      {"BOM only", "\xEF\xBB\xBF", ErrorCode::kEmptyFile},
      {"binary", binary, ErrorCode::kBinaryFile},
      {"xlsx", std::string("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", 14) + "[Content_Types].xml",
       ErrorCode::kUnsupportedFormat},
      {"old xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12), ErrorCode::kUnsupportedFormat},
      // An encoding we do not read is named, not decoded into NULs as UTF-16.
      {"utf-32 le", std::string("\xFF\xFE\0\0i\0\0\0d\0\0\0\n\0\0\0", 16), ErrorCode::kUnsupportedFormat},
      {"utf-32 be", std::string("\0\0\xFE\xFF\0\0\0i\0\0\0d\0\0\0\n", 16), ErrorCode::kUnsupportedFormat},
      // JSON goes to the API-dump readers (crm_json_test.cpp): JSON of no known dump is named so.
      {"json object", "{\"data\": {\"leads\": []}}", ErrorCode::kUnknownDocument},
      {"json array", "  [{\"ID\": \"1\"}]", ErrorCode::kUnknownDocument},
      {"truncated json", "{\"_embedded\": {\"leads\": [", ErrorCode::kBadJson},
      {"html", "<table><tr><td>ID</td></tr></table>", ErrorCode::kUnknownTable},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    for (size_t chunk : {0, 1}) {
      Analyzer a;
      const InputSummary& s = load(a, "input.bin", c.bytes, chunk);
      EXPECT_FALSE(s.ok);
      EXPECT_EQ(s.error.code, c.code) << error_name(s.error.code) << ": " << s.error.message;
      EXPECT_NE(s.error.message.find("input.bin"), std::string::npos) << s.error.message;
      EXPECT_EQ(s.bytes, c.bytes.size());
      EXPECT_EQ(s.rows, 0u);
    }
  }
}

TEST(CanonicalCsv, KeepsRowsBeforeTruncatedLastRow) {
  Analyzer a;
  const std::string text = std::string(kDealsHeader) +
                           "D1,x,Main,New,open,Anna,,,,,2026-03-02,,\n"
                           "D2,x,Main,New,open,Anna,,,,,2026-03-02,,\n"
                           "D3,\"cut off in the mid";  // line 4
  const InputSummary& s = load(a, "deals.csv", text);
  ASSERT_TRUE(s.ok) << s.error.message;
  EXPECT_EQ(s.rows, 2u);
  EXPECT_EQ(s.skipped, 1u);
  const Issue* issue = find_issue(s, ErrorCode::kUnterminatedQuote);
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->line, 4u);
  EXPECT_EQ(a.dataset().deals.size(), 2u);
}

TEST(CanonicalCsv, ByteChunksGiveSameSummaryAndModel) {
  const std::string text = "\xEF\xBB\xBF" + std::string(kDealsHeader) +
                           "D1,\"multi\r\nline, title\",Main,New,won,Anna,web,SMB,\"1 000,5\",RUB,2026-03-02 14:05,"
                           "2026-03-05,\r\n"
                           "D2,x,Main,New,bogus,Anna,,,,,2026-03-02,,\r\n"
                           "D3,x,Main,New,lost,Boris,,,,,2026-03-03,2026-03-04,\"Price \"\"too\"\" high\"\r\n"
                           "D4,x\r\n"
                           "D5,x,Main,New,open,Anna,,,abc,,2026-03-02,,";
  Analyzer whole;
  const InputSummary ws = load(whole, "deals.csv", text);
  ASSERT_TRUE(ws.ok);
  EXPECT_EQ(ws.rows, 3u);
  EXPECT_EQ(ws.skipped, 2u);
  EXPECT_EQ(ws.issue_count, 3u);
  for (size_t chunk : {1, 2, 7, 64}) {
    SCOPED_TRACE(chunk);
    Analyzer a;
    const InputSummary& s = load(a, "deals.csv", text, chunk);
    EXPECT_EQ(s.ok, ws.ok);
    EXPECT_EQ(s.kind, ws.kind);
    EXPECT_EQ(s.encoding, ws.encoding);
    EXPECT_EQ(s.delimiter, ws.delimiter);
    EXPECT_EQ(s.bytes, ws.bytes);
    EXPECT_EQ(s.rows, ws.rows);
    EXPECT_EQ(s.skipped, ws.skipped);
    EXPECT_EQ(s.issue_count, ws.issue_count);
    ASSERT_EQ(s.issues.size(), ws.issues.size());
    for (size_t i = 0; i < s.issues.size(); ++i) {
      EXPECT_EQ(s.issues[i].code, ws.issues[i].code);
      EXPECT_EQ(s.issues[i].line, ws.issues[i].line);
      EXPECT_EQ(s.issues[i].byte, ws.issues[i].byte);
      EXPECT_EQ(s.issues[i].column, ws.issues[i].column);
      EXPECT_EQ(s.issues[i].message, ws.issues[i].message);
    }
    EXPECT_EQ(deal_rows(a), deal_rows(whole));
    EXPECT_EQ(to_json(s), to_json(ws));
  }
  // The hand-computed lines: D2 (bad state) on 4, D4 (ragged) on 6.
  ASSERT_EQ(ws.issues.size(), 3u);
  EXPECT_EQ(ws.issues[0].code, ErrorCode::kBadState);
  EXPECT_EQ(ws.issues[0].line, 4u);
  EXPECT_EQ(ws.issues[1].code, ErrorCode::kRaggedRow);
  EXPECT_EQ(ws.issues[1].line, 6u);
  EXPECT_EQ(ws.issues[2].code, ErrorCode::kBadNumber);
  EXPECT_EQ(ws.issues[2].line, 7u);
  const std::vector<DealRow> rows = deal_rows(whole);
  EXPECT_EQ(rows[0].id, "D1");
  EXPECT_EQ(whole.dataset().deals.title[0], "multi\r\nline, title");
  EXPECT_EQ(rows[1].loss_reason, "Price \"too\" high");
}

TEST(CanonicalCsv, RemoveFileDropsOnlyItsRows) {
  Analyzer a;
  ASSERT_TRUE(load(a, "a.csv", std::string(kDealsHeader) +
                                   "A1,x,Main,New,open,Anna,,,,,2026-03-02,,\n"
                                   "A2,x,Main,New,open,Anna,,,,,2026-03-02,,\n")
                  .ok);
  ASSERT_TRUE(load(a, "tasks.csv", "id,owner,due_at\nT1,Anna,2026-03-03\n").ok);
  ASSERT_TRUE(load(a, "c.csv", std::string(kDealsHeader) + "C1,x,Main,New,won,Boris,,,,,2026-03-02,,\n").ok);
  ASSERT_EQ(a.dataset().deals.size(), 3u);

  ASSERT_TRUE(a.remove_file(0));
  ASSERT_EQ(a.files().size(), 2u);
  EXPECT_EQ(a.files()[0].file, "tasks.csv");
  EXPECT_EQ(a.files()[1].file, "c.csv");
  const DealTable& d = a.dataset().deals;
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(deal_id(a, d.id[0]), "C1");
  EXPECT_EQ(str(a, d.owner[0]), "Boris");
  EXPECT_EQ(d.state[0], DealState::kWon);
  EXPECT_EQ(d.file[0], 1);  // renumbered: c.csv is now input 1
  ASSERT_EQ(a.dataset().tasks.size(), 1u);
  EXPECT_EQ(a.dataset().tasks.file[0], 0);

  ASSERT_TRUE(a.remove_file(2));  // c.csv, by its id (ids are never reused)
  EXPECT_EQ(a.dataset().deals.size(), 0u);
  EXPECT_EQ(a.dataset().tasks.size(), 1u);
  EXPECT_FALSE(a.remove_file(5));
}

}  // namespace
}  // namespace kpi

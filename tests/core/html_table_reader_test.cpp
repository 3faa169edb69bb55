// HtmlTableReader: the cells of the first HTML table as records, fed whole,
// in every split into two chunks and byte by byte. The reader streams, so a
// record must come out the same whatever the chunk boundaries were (a cut may
// fall inside a tag, an entity or a comment), line and byte included.
#include "core/io/html_table_reader.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace kpi {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Copies every record (the views die with the call) with its place.
class Collect final : public CsvHandler {
 public:
  bool on_record(const CsvRecord& record) override {
    rows.emplace_back(record.fields.begin(), record.fields.end());
    lines.push_back(record.line);
    bytes.push_back(record.byte);
    return true;
  }

  Rows rows;
  std::vector<uint64_t> lines;
  std::vector<uint64_t> bytes;
};

struct Read {
  Collect out;
  std::optional<Issue> error;
};

// Feeds `text` cut at the given offsets (ascending), then finishes.
Read read_chunks(std::string_view text, const std::vector<size_t>& cuts) {
  Read r;
  HtmlTableReader reader;
  size_t start = 0;
  for (size_t cut : cuts) {
    reader.feed(text.substr(start, cut - start), r.out);
    start = cut;
  }
  reader.feed(text.substr(start), r.out);
  reader.finish(r.out);
  r.error = reader.error();
  return r;
}

Read read_all(std::string_view text) { return read_chunks(text, {}); }

// Whole, every two-chunk split and byte by byte must agree.
void expect_same_in_any_chunks(std::string_view text) {
  const Read whole = read_all(text);
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    const Read split = read_chunks(text, {cut});
    ASSERT_EQ(split.out.rows, whole.out.rows) << "cut at " << cut;
    ASSERT_EQ(split.out.lines, whole.out.lines) << "cut at " << cut;
    ASSERT_EQ(split.out.bytes, whole.out.bytes) << "cut at " << cut;
    ASSERT_EQ(split.error.has_value(), whole.error.has_value()) << "cut at " << cut;
  }
  std::vector<size_t> every;
  for (size_t i = 1; i < text.size(); ++i) every.push_back(i);
  const Read bytewise = read_chunks(text, every);
  EXPECT_EQ(bytewise.out.rows, whole.out.rows);
  EXPECT_EQ(bytewise.out.lines, whole.out.lines);
  EXPECT_EQ(bytewise.out.bytes, whole.out.bytes);
}

struct Case {
  const char* name;
  std::string_view input;
  Rows expected;
};

const Case kCases[] = {
    {"th header and td rows",
     "<table border=\"1\"><tr><th>ID</th><th>Name</th></tr><tr><td>1</td><td>Anna</td></tr></table>",
     {{"ID", "Name"}, {"1", "Anna"}}},
    {"entities",
     "<table><tr><td>a &amp; b</td><td>&lt;x&gt;</td><td>&quot;q&quot; &#39;s&apos;</td>"
     "<td>1&nbsp;000</td><td>&#1071;&#x44f;&#X20AC;</td><td>&bogus; &amp &#xZZ; &</td></tr></table>",
     {{"a & b", "<x>", "\"q\" 's'", "1\xC2\xA0" "000", "Я\xD1\x8F€", "&bogus; &amp &#xZZ; &"}}},
    {"nested tags and br",
     "<table><tr><td><b>Big</b> <i>deal</i></td><td>one<br>two<BR/>three</td>"
     "<td><a href=\"x>y\">link</a></td><td>a<span>b</span></td></tr></table>",
     {{"Big deal", "one two three", "link", "ab"}}},
    {"white space collapsed and trimmed",
     "<table>\n <tr>\n  <td>\n   Anna \t\n  Smirnova\n  </td>\n  <td>  </td>\n  <td>&nbsp;x&nbsp;</td>\n </tr>\n</table>",
     {{"Anna Smirnova", "", "x"}}},
    {"comments, script and style skipped",
     "<!DOCTYPE html><html><head><title>a <table></title><style>td{x:1}</style>"
     "<script>if (a<b) document.write('<table><tr><td>no</td></tr></table>');</script></head>"
     "<body><!-- <table><tr><td>no</td></tr></table> --><TABLE><TR><TD>yes<!-- no --></TD>"
     "<td><script type='x'>no</script>1</td></TR></TABLE></body></html>",
     {{"yes", "1"}}},
    {"case-insensitive tags, implicit ends, thead and tbody",
     "<TABLE><THEAD><TR><TH>a<TH>b</THEAD><TBODY><Tr><Td>1<tD>2<tr><td>3</td></tbody></table>",
     {{"a", "b"}, {"1", "2"}, {"3"}}},
    {"only the first table; a nested table joins its cell",
     "<p>intro</p><table><tr><td>x<table><tr><td>in</td><td>ner</td></tr></table>y</td></tr></table>"
     "<table><tr><td>second</td></tr></table>",
     {{"x in ner y"}}},
    {"text outside cells ignored, rows without cells dropped",
     "<table>caption<tr></tr><tr>junk<td>1</td>junk</tr></table>",
     {{"1"}}},
    {"a lone < is text", "<table><tr><td>a < b</td><td>1<2</td></tr></table>", {{"a < b", "1<2"}}},
    {"cut short inside the table", "<table><tr><td>1</td><td>2", {{"1", "2"}}},
};

TEST(HtmlTableReader, ReadsTheCases) {
  for (const Case& c : kCases) {
    const Read r = read_all(c.input);
    EXPECT_FALSE(r.error) << c.name << ": " << (r.error ? r.error->message : "");
    EXPECT_EQ(r.out.rows, c.expected) << c.name;
  }
}

TEST(HtmlTableReader, GivesTheSameRecordsInAnyChunks) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    expect_same_in_any_chunks(c.input);
  }
}

TEST(HtmlTableReader, RecordsTheLineAndByteOfEachTr) {
  const std::string_view text = "<meta charset=utf-8>\r\n<table>\r\n<tr><td>a</td></tr>\n\n  <tr\nclass=x><td>b</td></tr>";
  const Read r = read_all(text);
  ASSERT_EQ(r.out.rows.size(), 2u);
  EXPECT_EQ(r.out.lines, (std::vector<uint64_t>{3, 5}));
  EXPECT_EQ(r.out.bytes, (std::vector<uint64_t>{text.find("<tr>"), text.find("<tr\n")}));
  expect_same_in_any_chunks(text);
}

TEST(HtmlTableReader, StartsCountingWhereItIsTold) {
  HtmlTableReader reader;
  Collect out;
  reader.start_at(3, 10, true);
  reader.feed("\n<table><tr><td>a</td></tr></table>", out);
  reader.finish(out);
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0], 3u);  // the \n ends the \r line before it
  EXPECT_EQ(out.bytes[0], 18u);
}

TEST(HtmlTableReader, NoTableIsAnError) {
  for (std::string_view text : {"", "<html><body><p>hello</p></body></html>", "<!-- <table> -->",
                                "<?xml version=\"1.0\"?><Workbook/>"}) {
    const Read r = read_all(text);
    ASSERT_TRUE(r.error) << text;
    EXPECT_EQ(r.error->code, ErrorCode::kUnknownTable);
    EXPECT_NE(r.error->message.find("no <table> found"), std::string::npos);
    EXPECT_TRUE(r.out.rows.empty());
  }
}

TEST(HtmlTableReader, AnEmptyTableIsNoError) {
  const Read r = read_all("<table border=\"1\"></table>");
  EXPECT_FALSE(r.error);
  EXPECT_TRUE(r.out.rows.empty());
}

TEST(HtmlTableReader, ACellOverTheLimitIsAnError) {
  std::string text = "<table><tr><td>ok</td></tr>\n<tr><td>";
  text.append(HtmlTableReader::kMaxCellBytes + 1, 'x');
  text += "</td></tr></table>";
  const Read r = read_chunks(text, {100, 5000});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, ErrorCode::kRowTooLong);
  EXPECT_EQ(r.error->line, 2u);
  EXPECT_EQ(r.out.rows, (Rows{{"ok"}}));  // rows before the break were read
}

TEST(HtmlTableReader, ACellAtTheLimitIsRead) {
  std::string text = "<table><tr><td>";
  text.append(HtmlTableReader::kMaxCellBytes, 'x');
  text += "</td></tr></table>";
  const Read r = read_all(text);
  EXPECT_FALSE(r.error);
  ASSERT_EQ(r.out.rows.size(), 1u);
  EXPECT_EQ(r.out.rows[0][0].size(), HtmlTableReader::kMaxCellBytes);
}

TEST(HtmlTableReader, ATagOverTheLimitIsAnError) {
  std::string text = "<table><tr><td>1</td></tr>\n<tr class=\"";
  text.append(HtmlTableReader::kMaxTagBytes, 'x');
  text += "\"><td>2</td></tr></table>";
  const Read r = read_all(text);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, ErrorCode::kRowTooLong);
  EXPECT_EQ(r.error->line, 2u);
  EXPECT_EQ(r.out.rows, (Rows{{"1"}}));
}

TEST(HtmlTableReader, StopsWhenTheHandlerSaysSo) {
  class First final : public CsvHandler {
   public:
    bool on_record(const CsvRecord&) override { return ++seen < 1; }
    int seen = 0;
  } first;
  HtmlTableReader reader;
  reader.feed("<table><tr><td>1</td></tr><tr><td>2</td></tr></table>", first);
  reader.finish(first);
  EXPECT_EQ(first.seen, 1);
  EXPECT_TRUE(reader.stopped());
  EXPECT_FALSE(reader.error());
}

}  // namespace
}  // namespace kpi

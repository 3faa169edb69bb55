// CsvReader: the RFC 4180 dialect of csv_reader.h, fed whole, in every split
// into two chunks and byte by byte. The reader streams, so a record must come
// out the same whatever the chunk boundaries were, line and byte included.
#include "core/io/csv_reader.h"
#include "core/io/csv_scan.h"

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
  explicit Collect(size_t stop_after = 0) : stop_after_(stop_after) {}

  bool on_record(const CsvRecord& record) override {
    rows.emplace_back(record.fields.begin(), record.fields.end());
    lines.push_back(record.line);
    bytes.push_back(record.byte);
    return stop_after_ == 0 || rows.size() < stop_after_;
  }

  Rows rows;
  std::vector<uint64_t> lines;
  std::vector<uint64_t> bytes;

 private:
  size_t stop_after_;
};

struct Read {
  Collect out;
  char delimiter = 0;
  std::optional<Issue> error;
  uint64_t records = 0;
  bool stopped = false;
};

// Feeds `text` cut at the given offsets (ascending), then finishes.
Read read_chunks(std::string_view text, const std::vector<size_t>& cuts, char delimiter = 0,
                 size_t stop_after = 0) {
  Read r{Collect(stop_after), 0, std::nullopt, 0, false};
  CsvReader reader(delimiter);
  size_t start = 0;
  for (size_t cut : cuts) {
    reader.feed(text.substr(start, cut - start), r.out);
    start = cut;
  }
  reader.feed(text.substr(start), r.out);
  reader.finish(r.out);
  r.delimiter = reader.delimiter();
  r.error = reader.error();
  r.records = reader.records();
  r.stopped = reader.stopped();
  return r;
}

Read read_all(std::string_view text, char delimiter = 0) { return read_chunks(text, {}, delimiter); }

Read read_bytewise(std::string_view text) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < text.size(); ++i) cuts.push_back(i);
  return read_chunks(text, cuts);
}

TEST(CsvReader, ReadsPlainCommaRows) {
  const Read r = read_all("id,name,amount\n1,Anna,100\n2,Boris,200\n");
  EXPECT_EQ(r.delimiter, ',');
  EXPECT_EQ(r.out.rows, (Rows{{"id", "name", "amount"}, {"1", "Anna", "100"}, {"2", "Boris", "200"}}));
  EXPECT_EQ(r.out.lines, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(r.out.bytes, (std::vector<uint64_t>{0, 15, 26}));
  EXPECT_EQ(r.records, 3u);
  EXPECT_FALSE(r.error);
  EXPECT_FALSE(r.stopped);
}

TEST(CsvReader, DetectsDelimiterFromHeader) {
  struct Case {
    const char* name;
    std::string_view text;
    char delimiter;
    Rows rows;
  };
  const Case cases[] = {
      {"semicolon", "id;name;amount\n1;Anna;1,5\n", ';', {{"id", "name", "amount"}, {"1", "Anna", "1,5"}}},
      {"tab", "id\tname\tamount\n1\tAnna, Boris\t7\n", '\t', {{"id", "name", "amount"}, {"1", "Anna, Boris", "7"}}},
      {"comma", "id,name\n1,\"a;b\"\n", ',', {{"id", "name"}, {"1", "a;b"}}},
      // A `;` inside a quoted header field does not count.
      {"quoted semicolons ignored", "\"a;b;c\",d\n1,2\n", ',', {{"a;b;c", "d"}, {"1", "2"}}},
      // Ties go to `;`.
      {"tie goes to semicolon", "a,b;c\n1,2;3\n", ';', {{"a,b", "c"}, {"1,2", "3"}}},
      {"header only, no newline", "a;b", ';', {{"a", "b"}}},
      {"single column", "id\n1\n", ',', {{"id"}, {"1"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Read r = read_all(c.text);
    EXPECT_EQ(r.delimiter, c.delimiter);
    EXPECT_EQ(r.out.rows, c.rows);
    const Read b = read_bytewise(c.text);
    EXPECT_EQ(b.delimiter, c.delimiter);
    EXPECT_EQ(b.out.rows, c.rows);
  }
}

TEST(CsvReader, UsesExplicitDelimiter) {
  // The header would vote for `,`; the caller knows better.
  const Read r = read_all("a,b;c,d\n1,2;3,4\n", ';');
  EXPECT_EQ(r.delimiter, ';');
  EXPECT_EQ(r.out.rows, (Rows{{"a,b", "c,d"}, {"1,2", "3,4"}}));

  const Read t = read_all("a;b\tc\n", '\t');
  EXPECT_EQ(t.out.rows, (Rows{{"a;b", "c"}}));
}

TEST(CsvReader, KeepsDelimiterAndEscapedQuotesInQuotedFields) {
  const Read r = read_all("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\"\"\n");
  ASSERT_EQ(r.out.rows.size(), 2u);
  EXPECT_EQ(r.out.rows[1], (std::vector<std::string>{"x,y", "say \"hi\"", "\""}));
}

TEST(CsvReader, KeepsQuotedNewlines) {
  // Record 2 spans lines 2-3 (\n inside quotes), record 3 spans lines 4-5
  // (\r\n inside quotes), record 4 starts on line 6.
  const std::string_view text =
      "id,note\n"
      "1,\"first\nsecond\"\n"
      "2,\"crlf\r\nafter\"\n"
      "3,end\n";
  const Read r = read_all(text);
  EXPECT_EQ(r.out.rows,
            (Rows{{"id", "note"}, {"1", "first\nsecond"}, {"2", "crlf\r\nafter"}, {"3", "end"}}));
  EXPECT_EQ(r.out.lines, (std::vector<uint64_t>{1, 2, 4, 6}));
  EXPECT_EQ(r.out.bytes, (std::vector<uint64_t>{0, 8, 25, 41}));
}

TEST(CsvReader, CountsLoneCrInsideQuotesAsLineEnd) {
  // csv_reader.h: line ends are \n, \r\n and \r, so a lone \r inside a quoted
  // field ends a physical line too and the next record starts on line 4.
  const Read r = read_all("a\n\"x\ry\"\n2\n");
  EXPECT_EQ(r.out.rows, (Rows{{"a"}, {"x\ry"}, {"2"}}));
  EXPECT_EQ(r.out.lines, (std::vector<uint64_t>{1, 2, 4}));
}

TEST(CsvReader, AcceptsCrlfAndLoneCrLineEnds) {
  struct Case {
    const char* name;
    std::string_view text;
  };
  const Case cases[] = {
      {"lf", "a,b\n1,2\n3,4\n"},
      {"crlf", "a,b\r\n1,2\r\n3,4\r\n"},
      {"cr", "a,b\r1,2\r3,4\r"},
      {"mixed", "a,b\r\n1,2\r3,4\n"},
      {"crlf after quoted field", "a,\"b\"\r\n1,\"2\"\r\n3,4"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Read r = read_all(c.text);
    EXPECT_EQ(r.out.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(r.out.lines, (std::vector<uint64_t>{1, 2, 3}));
  }
}

TEST(CsvReader, SkipsBlankLines) {
  const Read r = read_all("\n\r\na,b\n\n1,2\r\n\r\n\r3,4\n\n");
  EXPECT_EQ(r.delimiter, ',');
  EXPECT_EQ(r.out.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  // Lines: 1 "", 2 "", 3 header, 4 "", 5 "1,2", 6 "", 7 "", 8 "3,4".
  EXPECT_EQ(r.out.lines, (std::vector<uint64_t>{3, 5, 8}));
}

TEST(CsvReader, EmitsLastRecordWithoutTrailingNewline) {
  const Read r = read_all("a,b\n1,2");
  EXPECT_EQ(r.out.rows, (Rows{{"a", "b"}, {"1", "2"}}));
  const Read q = read_all("a,b\n1,\"2\"");
  EXPECT_EQ(q.out.rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, KeepsEmptyFields) {
  struct Case {
    const char* name;
    std::string_view text;
    std::vector<std::string> last;
  };
  const Case cases[] = {
      {"middle", "a,b,c\n1,,3\n", {"1", "", "3"}},
      {"all empty", "a,b,c\n,,\n", {"", "", ""}},
      {"trailing delimiter", "a,b,c\n1,2,\n", {"1", "2", ""}},
      {"trailing delimiter at end of input", "a,b,c\n1,2,", {"1", "2", ""}},
      {"empty quoted", "a,b,c\n\"\",x,\"\"\n", {"", "x", ""}},
      {"leading delimiter", "a,b,c\n,2,3\n", {"", "2", "3"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Read r = read_all(c.text);
    ASSERT_EQ(r.out.rows.size(), 2u);
    EXPECT_EQ(r.out.rows[1], c.last);
  }
}

TEST(CsvReader, KeepsTrailingDelimiterInHeader) {
  const Read r = read_all("a;b;\n1;2;\n");
  EXPECT_EQ(r.out.rows, (Rows{{"a", "b", ""}, {"1", "2", ""}}));
}

TEST(CsvReader, KeepsQuoteInsideUnquotedField) {
  const Read r = read_all("a,b\n5\" disk,x\"y\n");
  ASSERT_EQ(r.out.rows.size(), 2u);
  EXPECT_EQ(r.out.rows[1], (std::vector<std::string>{"5\" disk", "x\"y"}));
}

TEST(CsvReader, KeepsTextAfterClosingQuote) {
  const Read r = read_all("a,b\n\"ab\"cd,e\n");
  ASSERT_EQ(r.out.rows.size(), 2u);
  EXPECT_EQ(r.out.rows[1], (std::vector<std::string>{"abcd", "e"}));
}

TEST(CsvReader, ReadsRecordOfOnlyEmptyQuotes) {
  for (std::string_view text : {std::string_view("\"\""), std::string_view("\"\"\n"),
                                std::string_view("\"\"\r\n")}) {
    SCOPED_TRACE(testing::PrintToString(std::string(text)));
    const Read r = read_all(text);
    EXPECT_EQ(r.out.rows, (Rows{{""}}));
    EXPECT_FALSE(r.error);
  }
  const Read two = read_all("h\n\"\"\n");
  EXPECT_EQ(two.out.rows, (Rows{{"h"}, {""}}));
  EXPECT_EQ(two.out.lines, (std::vector<uint64_t>{1, 2}));
}

TEST(CsvReader, ReportsUnterminatedQuoteAtRecordStart) {
  // The open quote starts on line 3 and swallows lines 4 and 5.
  const std::string_view text = "a,b\n1,2\n3,\"never\ncloses\nat all";
  const Read r = read_all(text);
  EXPECT_EQ(r.out.rows, (Rows{{"a", "b"}, {"1", "2"}}));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, ErrorCode::kUnterminatedQuote);
  EXPECT_EQ(r.error->line, 3u);
  EXPECT_EQ(r.error->byte, 8u);
  EXPECT_TRUE(r.stopped);

  const Read b = read_bytewise(text);
  EXPECT_EQ(b.out.rows, r.out.rows);
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->code, ErrorCode::kUnterminatedQuote);
  EXPECT_EQ(b.error->line, 3u);
}

TEST(CsvReader, ReportsUnterminatedQuoteInHeader) {
  const Read r = read_all("a,\"b\n1,2\n");
  EXPECT_TRUE(r.out.rows.empty());
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, ErrorCode::kUnterminatedQuote);
  EXPECT_EQ(r.error->line, 1u);
}

TEST(CsvReader, StopsWhenHandlerReturnsFalse) {
  const std::string_view text = "a,b\n1,2\n3,4\n5,6\n";
  const Read r = read_chunks(text, {}, 0, 2);
  EXPECT_EQ(r.out.rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_TRUE(r.stopped);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.records, 2u);

  // Also when the stop comes in the middle of a later chunk.
  const Read c = read_chunks(text, {6, 11}, 0, 3);
  EXPECT_EQ(c.out.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_TRUE(c.stopped);
}

// The same records, lines and bytes whatever the chunking.
TEST(CsvReader, SameRecordsForEveryChunking) {
  const std::string_view inputs[] = {
      "id;note;amount\r\n"
      "1;\"a;b\";\"1 234,50\"\r\n"
      "\r\n"
      "2;\"multi\r\nline \"\"quoted\"\"\";\r\n"
      "3;\"\";x\"y\r"
      "4;\"lf\ninside\";7",
      "\n\na,b,c\n\"\"\"\",\"\n\",\r\n,,\n\"x\"\"\",y,z",
      "h1\th2\n\"t\tq\"\t2\r\r\n3\t4\r",
      "\"\"",
      "a,b\n1,\"unterminated\n2,3\n",
  };
  for (std::string_view text : inputs) {
    SCOPED_TRACE(testing::PrintToString(std::string(text)));
    const Read whole = read_all(text);
    ASSERT_FALSE(whole.out.rows.empty());
    for (size_t cut = 0; cut <= text.size(); ++cut) {
      SCOPED_TRACE(cut);
      const Read split = read_chunks(text, {cut});
      EXPECT_EQ(split.out.rows, whole.out.rows);
      EXPECT_EQ(split.out.lines, whole.out.lines);
      EXPECT_EQ(split.out.bytes, whole.out.bytes);
      EXPECT_EQ(split.delimiter, whole.delimiter);
      EXPECT_EQ(split.error.has_value(), whole.error.has_value());
      if (split.error && whole.error) {
        EXPECT_EQ(split.error->code, whole.error->code);
        EXPECT_EQ(split.error->line, whole.error->line);
        EXPECT_EQ(split.error->byte, whole.error->byte);
      }
    }
    const Read bytewise = read_bytewise(text);
    EXPECT_EQ(bytewise.out.rows, whole.out.rows);
    EXPECT_EQ(bytewise.out.lines, whole.out.lines);
    EXPECT_EQ(bytewise.out.bytes, whole.out.bytes);
    EXPECT_EQ(bytewise.delimiter, whole.delimiter);
    EXPECT_EQ(bytewise.error.has_value(), whole.error.has_value());
  }
}

TEST(CsvReader, ChunkedInputMatchesHandComputedRecords) {
  const std::string_view text =
      "id;note;amount\r\n"
      "1;\"a;b\";\"1 234,50\"\r\n"
      "\r\n"
      "2;\"multi\r\nline \"\"quoted\"\"\";\r\n"
      "3;\"\";x\"y\r"
      "4;\"lf\ninside\";7";
  const Rows want = {{"id", "note", "amount"},
                     {"1", "a;b", "1 234,50"},
                     {"2", "multi\r\nline \"quoted\"", ""},
                     {"3", "", "x\"y"},
                     {"4", "lf\ninside", "7"}};
  const std::vector<uint64_t> lines = {1, 2, 4, 6, 7};
  const Read r = read_bytewise(text);
  EXPECT_EQ(r.delimiter, ';');
  EXPECT_EQ(r.out.rows, want);
  EXPECT_EQ(r.out.lines, lines);
  EXPECT_EQ(r.out.bytes, (std::vector<uint64_t>{0, 16, 38, 67, 76}));
}


// ---- The fast path (csv_scan.cpp) and its block search (csv_scan.h) --------------------
// Whole records are read in place, 16 (or 8) bytes per step; a record cut by a
// chunk goes byte by byte. Both must agree at every chunk size, so each case
// below is read whole, in 5-byte chunks, in every 2-way split and byte by byte.

// Reads `text` in chunks of `size` bytes.
Read read_every(std::string_view text, size_t size) {
  std::vector<size_t> cuts;
  for (size_t i = size; i < text.size(); i += size) cuts.push_back(i);
  return read_chunks(text, cuts);
}

// Every chunking of `text` gives `want` with these lines and bytes.
void expect_every_chunking(std::string_view text, const Rows& want, const std::vector<uint64_t>& lines,
                           const std::vector<uint64_t>& bytes) {
  auto check = [&](const Read& r) {
    EXPECT_FALSE(r.error.has_value());
    EXPECT_EQ(r.out.rows, want);
    EXPECT_EQ(r.out.lines, lines);
    EXPECT_EQ(r.out.bytes, bytes);
  };
  {
    SCOPED_TRACE("whole");
    check(read_all(text));
  }
  for (size_t size : {1, 2, 3, 5, 7, 8, 15, 16, 17, 64}) {
    SCOPED_TRACE(size);
    check(read_every(text, size));
  }
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    SCOPED_TRACE(cut);
    check(read_chunks(text, {cut}));
  }
}

TEST(CsvScan, QuoteAtBlockBoundary) {
  // Record 2 starts at byte 4: its opening quote is byte 15 (the last of the
  // first 16-byte block), its escaped quotes bytes 23-24 straddle two 8-byte
  // words, its closing quote is byte 32 (the first of the third block).
  const std::string text =
      "a,b\n"
      "0123456789,\"abcdefg\"\"ghijklm\",x\n"
      "\"0123456789abcde\",y\n";
  ASSERT_EQ(text.find('"'), 15u);
  ASSERT_EQ(text.find("\"\""), 23u);
  ASSERT_EQ(text.find("\",x"), 32u);
  expect_every_chunking(text, Rows{{"a", "b"}, {"0123456789", "abcdefg\"ghijklm", "x"}, {"0123456789abcde", "y"}},
                        {1, 2, 3}, {0, 4, 36});
}

TEST(CsvScan, CrlfSplitAcrossChunks) {
  const std::string text = "id;v\r\n1;2\r\n\r\n3;\"x\r\ny\"\r\n4;5\r\n";
  const Rows want = {{"id", "v"}, {"1", "2"}, {"3", "x\r\ny"}, {"4", "5"}};
  expect_every_chunking(text, want, {1, 2, 4, 6}, {0, 6, 13, 23});
  // The \r ends one chunk and the \n starts the next.
  const Read r = read_chunks(text, {5, 10, 12});
  EXPECT_EQ(r.out.rows, want);
  EXPECT_EQ(r.out.lines, (std::vector<uint64_t>{1, 2, 4, 6}));
}

TEST(CsvScan, DelimiterInsideQuotesAtBlockEdges) {
  // Commas at bytes 15, 16 (the edge of the first 16-byte block) and 7, 8
  // (the edge of an 8-byte word), all inside quotes.
  std::string text = "h1,h2\n\"abcdefgh,,ijklmnopqrst\",2\n";
  ASSERT_EQ(text.find(",,"), 15u);
  text += "\"a,,b\",\"" + std::string(40, 'z') + ",\"\n";
  expect_every_chunking(text, Rows{{"h1", "h2"}, {"abcdefgh,,ijklmnopqrst", "2"}, {"a,,b", std::string(40, 'z') + ","}},
                        {1, 2, 3}, {0, 6, 33});
}

TEST(CsvScan, RecordLongerThanTheChunk) {
  // 300-byte fields, escaped quotes among them, read in 5-byte chunks (and all the others).
  const std::string longa(300, 'a');
  const std::string text = "k,note\n1,\"" + longa + "\"\"q\"\"" + longa + "\"\n2," + longa + "\n";
  expect_every_chunking(text, Rows{{"k", "note"}, {"1", longa + "\"q\"" + longa}, {"2", longa}}, {1, 2, 3},
                        {0, 7, 7 + 2 + 1 + 300 + 4 + 1 + 300 + 2});
}

TEST(CsvScan, ManyEscapedQuotesBeyondTheInPlaceBuffer) {
  // More escaped text than the fast path keeps per record (16 KiB): read by the machine, same fields.
  std::string field;
  for (int i = 0; i < 6000; ++i) field += "ab\"";
  std::string quoted;
  for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  const std::string text = "x,y\n\"" + quoted + "\",\"" + quoted + "\"\n1,2\n";
  const Read whole = read_all(text);
  EXPECT_EQ(whole.out.rows, (Rows{{"x", "y"}, {field, field}, {"1", "2"}}));
  EXPECT_EQ(whole.out.lines, (std::vector<uint64_t>{1, 2, 3}));
  const Read chunked = read_every(text, 5);
  EXPECT_EQ(chunked.out.rows, whole.out.rows);
  EXPECT_EQ(chunked.out.bytes, whole.out.bytes);
}

TEST(CsvScan, TextAfterClosingQuoteAndQuoteLastInChunk) {
  expect_every_chunking("a,b\n\"x\"y,\"z\"\n\"\",\"\"\"\"\n", Rows{{"a", "b"}, {"xy", "z"}, {"", "\""}}, {1, 2, 3},
                        {0, 4, 13});
}

// Random texts over the bytes that matter: the fast path (whole input) and the
// byte-by-byte machine (1-byte chunks) agree on records, lines, bytes and errors.
TEST(CsvScan, RandomTextsAgreeWithTheByteMachine) {
  const char alphabet[] = {'a', 'b', ',', ',', '"', '"', '\n', '\r', ';', ' '};
  uint64_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(seed >> 33);
  };
  for (int n = 0; n < 3000; ++n) {
    std::string text = "h,i\n";
    const size_t len = next() % 80;
    for (size_t i = 0; i < len; ++i) text += alphabet[next() % sizeof alphabet];
    SCOPED_TRACE(testing::PrintToString(text));
    const Read whole = read_all(text, ',');
    for (size_t size : {1, 5, 16}) {
      const Read r = read_every(text, size);
      ASSERT_EQ(r.out.rows, whole.out.rows) << size;
      ASSERT_EQ(r.out.lines, whole.out.lines) << size;
      ASSERT_EQ(r.out.bytes, whole.out.bytes) << size;
      ASSERT_EQ(r.error.has_value(), whole.error.has_value()) << size;
      if (r.error) {
        EXPECT_EQ(r.error->line, whole.error->line);
        EXPECT_EQ(r.error->byte, whole.error->byte);
      }
    }
  }
}

TEST(CsvScan, BlockSearchesMatchTheScalarOne) {
  // Every length up to 40 and every position of the one match (or none), for each variant.
  for (size_t len = 0; len <= 40; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (char hit : {',', '\n', '\r'}) {
        std::string s(len, 'x');
        if (at < len) s[at] = hit;
        const char* p = s.data();
        const size_t want = at;
        EXPECT_EQ(csv_scan::find_any3_scalar(p, p + len, ',', '\n', '\r'), want);
        EXPECT_EQ(csv_scan::find_any3_swar(p, p + len, ',', '\n', '\r'), want) << len << " " << at;
        EXPECT_EQ(csv_scan::find_any3(p, p + len, ',', '\n', '\r'), want) << len << " " << at;
      }
    }
  }
  // Bytes near the searched ones (borrows in the SWAR test) and high bytes.
  const std::string s = "\x2d\x2b\x01\xff\x80\x0c\x0e+-\xd0\xb0\x0b,\n";
  EXPECT_EQ(csv_scan::find_any3_swar(s.data(), s.data() + s.size(), ',', '\n', '\r'), s.size() - 2);
  EXPECT_EQ(csv_scan::find_any3(s.data(), s.data() + s.size(), ',', '\n', '\r'), s.size() - 2);
  EXPECT_NE(std::string(csv_scan::kernel_name()), "");
}

}  // namespace
}  // namespace kpi

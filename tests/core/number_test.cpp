// parse_amount and trim: amounts as CRMs and spreadsheets write them, with
// every separator and currency mark of number.h, and the texts it rejects.
#include "core/io/number.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace kpi {
namespace {

struct AmountCase {
  const char* name;
  std::string_view text;
  double want;
};

TEST(ParseAmount, ReadsCrmAmounts) {
  const AmountCase cases[] = {
      {"plain dot", "1234.5", 1234.5},
      {"integer", "1234", 1234},
      {"space thousands, decimal comma", "1 234,50", 1234.5},
      {"no-break space U+00A0", "1\xC2\xA0" "234,50", 1234.5},
      {"thin space U+2009", "1\xE2\x80\x89" "234,50", 1234.5},
      {"narrow no-break space U+202F", "1\xE2\x80\xAF" "234,50", 1234.5},
      {"comma thousands, dot decimal", "1,234.50", 1234.5},
      {"dot thousands, comma decimal", "1.234,50", 1234.5},
      {"several commas are thousands", "1,234,567", 1234567},
      {"several dots are thousands", "1.234.567", 1234567},
      {"single comma is decimal", "12,5", 12.5},
      {"single comma, three digits", "1,234", 1.234},
      {"minus", "-5", -5},
      {"plus", "+7", 7},
      {"minus sign U+2212", "\xE2\x88\x92" "5", -5},
      {"rouble sign after", "1 000 \xE2\x82\xBD", 1000},
      {"rouble sign glued", "1000\xE2\x82\xBD", 1000},
      {"rub. word", "1000 \xD1\x80\xD1\x83\xD0\xB1.", 1000},
      {"rub word", "1000 \xD1\x80\xD1\x83\xD0\xB1", 1000},
      {"r. abbreviation", "250 \xD1\x80.", 250},
      {"RUB code before", "RUB 1000", 1000},
      {"rub code after, lower case", "1000 rub", 1000},
      {"dollar", "$12.50", 12.5},
      {"euro after", "12,50 \xE2\x82\xAC", 12.5},
      {"USD after", "99.99 USD", 99.99},
      {"padded", "  42  ", 42},
      {"padded with no-break spaces", "\xC2\xA0" "42\xC2\xA0", 42},
      {"zero", "0", 0},
      {"leading dot", ".5", 0.5},
      {"negative with decimals", "-1 234,56", -1234.56},
      {"Swiss apostrophe", "1'234.50", 1234.5},
  };
  for (const AmountCase& c : cases) {
    SCOPED_TRACE(c.name);
    double v = -999;
    EXPECT_TRUE(parse_amount(c.text, v)) << c.text;
    EXPECT_DOUBLE_EQ(v, c.want) << c.text;
  }
}

TEST(ParseAmount, RejectsNonNumbers) {
  const std::string_view cases[] = {
      "", "   ", "abc", "12a", "1-2", "\xE2\x82\xBD", ".", ",", "-", "1 2x", "N/A", "--5", "5-",
  };
  for (std::string_view text : cases) {
    SCOPED_TRACE(testing::PrintToString(std::string(text)));
    double v = 42;
    EXPECT_FALSE(parse_amount(text, v));
    EXPECT_EQ(v, 42) << "out must be left alone";
  }
}

TEST(Trim, RemovesAsciiAndUnicodeSpaces) {
  struct Case {
    std::string_view text, want;
  };
  const Case cases[] = {
      {"", ""},
      {"   ", ""},
      {"abc", "abc"},
      {"  abc  ", "abc"},
      {"\t\r\nabc\r\n", "abc"},
      {"a b", "a b"},
      {"\xC2\xA0" "abc" "\xC2\xA0", "abc"},
      {"\xE2\x80\x89" "abc" "\xE2\x80\xAF", "abc"},
      {" \xC2\xA0 x \xE2\x80\x89 ", "x"},
      {"\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0", "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0"},  // Анна: not spaces
      {"\xC2\xA0", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(std::string(c.text)));
    EXPECT_EQ(trim(c.text), c.want);
  }
}

// Plain decimals (`[-+]digits[.digits]`, up to 19 digits) skip strtod; the
// value must be strtod's to the last bit.
TEST(ParseAmount, PlainDecimalsMatchStrtodExactly) {
  uint64_t seed = 7;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return seed >> 11;
  };
  for (int n = 0; n < 20000; ++n) {
    const int digits = 1 + static_cast<int>(next() % 21);  // 16-19: divide_pow10; 20, 21: the general path
    std::string text = next() % 4 == 0 ? "-" : "";
    const int point = static_cast<int>(next() % static_cast<uint64_t>(digits + 1));
    for (int i = 0; i < digits; ++i) {
      if (i == point && i > 0) text += '.';
      text += static_cast<char>('0' + next() % 10);
    }
    double got = 0;
    ASSERT_TRUE(parse_amount(text, got)) << text;
    const double want = std::strtod(text.c_str(), nullptr);
    EXPECT_EQ(std::memcmp(&got, &want, sizeof got), 0) << text << " " << got << " " << want;
  }
  // Ties and near-ties above 2^53, where one more bit decides: half to even.
  for (const char* text : {"9007199254740993", "9007199254740995", "900719925474099.35", "9007199254740993.5",
                           "18446744073709551615", "9999999999999999999", "0.1000000000000000055511151231257827",
                           "45932.073541666665", "45939.45396990741", "0.30000000000000004", "1.0000000000000002220",
                           "123456789012345678.9", "-0.0000000000000000001", "0000000000000000000"}) {
    double got = 0;
    ASSERT_TRUE(parse_amount(text, got)) << text;
    const double want = std::strtod(text, nullptr);
    EXPECT_EQ(std::memcmp(&got, &want, sizeof got), 0) << text << " " << got << " " << want;
  }
  double v = 0;
  ASSERT_TRUE(parse_amount("12.", v));  // the general path: a trailing point
  EXPECT_EQ(v, 12.0);
  ASSERT_TRUE(parse_amount("+7", v));
  EXPECT_EQ(v, 7.0);
  ASSERT_TRUE(parse_amount("-0", v));
  EXPECT_TRUE(std::signbit(v));
  EXPECT_FALSE(parse_amount("1.2x", v));
  EXPECT_FALSE(parse_amount("-", v));
}

TEST(Trim, FastPathKeepsCellsEndingInNonSpaceBytes) {
  EXPECT_EQ(trim("\xD0\x9F\xD0\x81\xD0\xA2\xD0\xA0"), "\xD0\x9F\xD0\x81\xD0\xA2\xD0\xA0");  // ПЁТР ends in A0
  EXPECT_EQ(trim("\xC2\xA0x"), "x");
  EXPECT_EQ(trim("x\xE2\x80\xAF"), "x");
  EXPECT_EQ(trim("x\x01"), "x\x01");
  EXPECT_EQ(trim("\x01x"), "\x01x");
  EXPECT_EQ(trim("abc"), "abc");
  EXPECT_EQ(trim(" "), "");
}

}  // namespace
}  // namespace kpi

// parse_amount and trim: amounts as CRMs and spreadsheets write them, with
// every separator and currency mark of number.h, and the texts it rejects.
#include "core/io/number.h"

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

}  // namespace
}  // namespace kpi

// Utf8Decoder: encoding detection from the first kSniffBytes and streaming
// conversion to UTF-8. Expected bytes are written out by hand (cp1251 and
// UTF-8 tables), never produced by the code under test.
#include "core/io/encoding.h"

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace kpi {
namespace {

struct Decoded {
  std::string text;
  Encoding encoding = Encoding::kUnknown;
  bool binary = false;
};

// Feeds `bytes` in chunks of `chunk` bytes (0 = one chunk) and concatenates the output.
Decoded decode_chunks(std::string_view bytes, size_t chunk = 0) {
  Utf8Decoder d;
  Decoded out;
  if (chunk == 0) chunk = bytes.size() + 1;
  for (size_t i = 0; i < bytes.size(); i += chunk) out.text.append(d.decode(bytes.substr(i, chunk)));
  out.text.append(d.finish());
  out.encoding = d.encoding();
  out.binary = d.binary();
  return out;
}

// Feeds `bytes` cut once at `cut`.
Decoded decode_split(std::string_view bytes, size_t cut) {
  Utf8Decoder d;
  Decoded out;
  out.text.append(d.decode(bytes.substr(0, cut)));
  out.text.append(d.decode(bytes.substr(cut)));
  out.text.append(d.finish());
  out.encoding = d.encoding();
  out.binary = d.binary();
  return out;
}

std::string utf16(std::u16string_view units, bool little_endian, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    const auto lo = static_cast<char>(u & 0xFF);
    const auto hi = static_cast<char>(u >> 8);
    if (little_endian) { out.push_back(lo); out.push_back(hi); }
    else { out.push_back(hi); out.push_back(lo); }
  };
  if (bom) put(0xFEFF);
  for (char16_t u : units) put(u);
  return out;
}

// "id;Ёлка;😀\n": Ё U+0401, л U+043B, к U+043A, а U+0430, 😀 U+1F600 = D83D DE00.
constexpr char16_t kLineUnits[] = {u'i', u'd', u';', 0x0401, 0x043B, 0x043A, 0x0430, u';', 0xD83D, 0xDE00, u'\n'};
constexpr std::string_view kLineUtf8 =
    "id;\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0;\xF0\x9F\x98\x80\n";

std::u16string repeated_line(size_t times) {
  std::u16string s;
  for (size_t i = 0; i < times; ++i) s.append(std::begin(kLineUnits), std::end(kLineUnits));
  return s;
}

std::string repeat(std::string_view s, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out.append(s);
  return out;
}

TEST(Utf8Decoder, PassesPlainUtf8Through) {
  const std::string_view text = "id;name\n1;\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0\n";  // 1;Анна
  const Decoded d = decode_chunks(text);
  EXPECT_EQ(d.text, text);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_FALSE(d.binary);
  EXPECT_EQ(encoding_name(d.encoding), "utf-8");
}

TEST(Utf8Decoder, ReturnsInputItselfForUtf8AfterDetection) {
  Utf8Decoder d;
  const std::string head(Utf8Decoder::kSniffBytes, 'a');
  EXPECT_EQ(d.decode(head), head);
  EXPECT_EQ(d.encoding(), Encoding::kUtf8);
  const std::string_view next = "b,c\n";
  const std::string_view out = d.decode(next);
  EXPECT_EQ(out.data(), next.data());  // no copy
  EXPECT_EQ(out.size(), next.size());
  EXPECT_TRUE(d.finish().empty());
}

TEST(Utf8Decoder, StripsUtf8Bom) {
  const Decoded d = decode_chunks("\xEF\xBB\xBFid;x\n");
  EXPECT_EQ(d.text, "id;x\n");
  EXPECT_EQ(d.encoding, Encoding::kUtf8Bom);
  EXPECT_EQ(encoding_name(d.encoding), "utf-8-bom");
  // The BOM split over chunks, and a long file decided before finish().
  const std::string long_text = "\xEF\xBB\xBF" + repeat("a,b\n", 2000);
  for (size_t chunk : {1, 2, 5, 4096}) {
    SCOPED_TRACE(chunk);
    const Decoded c = decode_chunks(long_text, chunk);
    EXPECT_EQ(c.text, long_text.substr(3));
    EXPECT_EQ(c.encoding, Encoding::kUtf8Bom);
  }
}

TEST(Utf8Decoder, DecodesWindows1251) {
  // "Сделка;Ёлка;№" in cp1251: С D1, д E4, е E5, л EB, к EA, а E0, Ё A8, № B9.
  const std::string_view cp1251 = "\xD1\xE4\xE5\xEB\xEA\xE0;\xA8\xEB\xEA\xE0;\xB9";
  // The same in UTF-8: С D0 A1, д D0 B4, е D0 B5, л D0 BB, к D0 BA, а D0 B0,
  // Ё D0 81, № E2 84 96.
  const std::string_view utf8 =
      "\xD0\xA1\xD0\xB4\xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0;\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0;\xE2\x84\x96";
  const Decoded d = decode_chunks(cp1251);
  EXPECT_EQ(d.text, utf8);
  EXPECT_EQ(d.encoding, Encoding::kWindows1251);
  EXPECT_EQ(encoding_name(d.encoding), "windows-1251");
  EXPECT_FALSE(d.binary);
}

TEST(Utf8Decoder, DecodesWindows1251SpecialRange) {
  // ASCII stays; я FF → D1 8F; ё B8 → D1 91; « AB → C2 AB; NBSP A0 → C2 A0; € 88 → E2 82 AC.
  const Decoded d = decode_chunks("a\xFF\xB8\xAB\xA0\x88");
  EXPECT_EQ(d.encoding, Encoding::kWindows1251);
  EXPECT_EQ(d.text, "a\xD1\x8F\xD1\x91\xC2\xAB\xC2\xA0\xE2\x82\xAC");
}

TEST(Utf8Decoder, DecodesLongWindows1251InChunks) {
  const std::string line = "\xD1\xE4\xE5\xEB\xEA\xE0;\xA8\xEB\xEA\xE0;\xB9\r\n";
  const std::string utf8_line =
      "\xD0\xA1\xD0\xB4\xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0;\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0;\xE2\x84\x96\r\n";
  const std::string bytes = repeat(line, 500);  // 7,000 bytes: decided before finish()
  for (size_t chunk : {0, 1, 3, 1000}) {
    SCOPED_TRACE(chunk);
    const Decoded d = decode_chunks(bytes, chunk);
    EXPECT_EQ(d.encoding, Encoding::kWindows1251);
    EXPECT_EQ(d.text, repeat(utf8_line, 500));
  }
}

TEST(Utf8Decoder, DecodesUtf16WithBomAndSurrogatePair) {
  struct Case {
    const char* name;
    bool little_endian;
    Encoding encoding;
  };
  const Case cases[] = {{"LE", true, Encoding::kUtf16Le}, {"BE", false, Encoding::kUtf16Be}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    // Short: everything is decided and converted at finish().
    const std::string short_bytes = utf16(std::u16string_view(kLineUnits, std::size(kLineUnits)), c.little_endian, true);
    const Decoded s = decode_chunks(short_bytes);
    EXPECT_EQ(s.encoding, c.encoding);
    EXPECT_EQ(s.text, kLineUtf8);
    // Long: chunks after detection cut code units and surrogate pairs anywhere.
    const std::string bytes = utf16(repeated_line(300), c.little_endian, true);  // 6,602 bytes
    ASSERT_GT(bytes.size(), Utf8Decoder::kSniffBytes);
    const std::string want = repeat(kLineUtf8, 300);
    for (size_t chunk : {0, 1, 3, 5, 7, 4097}) {
      SCOPED_TRACE(chunk);
      const Decoded d = decode_chunks(bytes, chunk);
      EXPECT_EQ(d.encoding, c.encoding);
      EXPECT_EQ(d.text, want);
    }
    // Every cut in two in the tail (after detection), odd and even alike.
    for (size_t cut = Utf8Decoder::kSniffBytes; cut < Utf8Decoder::kSniffBytes + 2 * std::size(kLineUnits) + 1;
         ++cut) {
      SCOPED_TRACE(cut);
      EXPECT_EQ(decode_split(bytes, cut).text, want);
    }
  }
  EXPECT_EQ(encoding_name(Encoding::kUtf16Le), "utf-16le");
  EXPECT_EQ(encoding_name(Encoding::kUtf16Be), "utf-16be");
}

TEST(Utf8Decoder, DetectsBomlessUtf16) {
  const std::u16string_view text = u"id;name\r\n1;Anna\r\n";
  const Decoded le = decode_chunks(utf16(text, true, false));
  EXPECT_EQ(le.encoding, Encoding::kUtf16Le);
  EXPECT_EQ(le.text, "id;name\r\n1;Anna\r\n");
  EXPECT_FALSE(le.binary);
  const Decoded be = decode_chunks(utf16(text, false, false));
  EXPECT_EQ(be.encoding, Encoding::kUtf16Be);
  EXPECT_EQ(be.text, "id;name\r\n1;Anna\r\n");
}

TEST(Utf8Decoder, ReplacesBrokenUtf16) {
  // A lone low surrogate, then a high surrogate cut off by the end of input.
  const Decoded lone = decode_chunks(utf16(std::u16string{u'a', 0xDC00, u'b', 0xD83D}, true, true));
  EXPECT_EQ(lone.text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  // A high surrogate followed by a normal unit.
  const Decoded high = decode_chunks(utf16(std::u16string{0xD83D, u'x'}, true, true));
  EXPECT_EQ(high.text, "\xEF\xBF\xBDx");
  // An odd trailing byte.
  std::string odd = utf16(u"ab", true, true);
  odd.push_back('c');
  EXPECT_EQ(decode_chunks(odd).text, "ab\xEF\xBF\xBD");
}

TEST(Utf8Decoder, ReplacesBrokenUtf16AtEndOfLongInput) {
  // Decided before finish(): finish() flushes the pending unit or byte.
  std::u16string units = repeated_line(200);
  units.push_back(0xD83D);
  const std::string want = repeat(kLineUtf8, 200) + "\xEF\xBF\xBD";
  EXPECT_EQ(decode_chunks(utf16(units, true, true), 3).text, want);
  std::string odd = utf16(repeated_line(200), false, true);
  odd.push_back('c');
  EXPECT_EQ(decode_chunks(odd, 3).text, want);
}

TEST(Utf8Decoder, FlagsBinaryBytes) {
  // A fixed pseudo-random byte stream (LCG) with NULs at both parities.
  std::string bytes;
  uint32_t x = 12345;
  for (int i = 0; i < 3000; ++i) {
    x = x * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(x >> 16));
  }
  bytes[10] = '\0';
  bytes[101] = '\0';
  bytes[1000] = '\0';
  const Decoded d = decode_chunks(bytes, 7);
  EXPECT_TRUE(d.binary);

  // A few NULs in otherwise plain text are still not text.
  const Decoded t = decode_chunks(std::string_view("id,name\n1,\0\0\0x\n", 15));
  EXPECT_TRUE(t.binary);
}

TEST(Utf8Decoder, DecidesShortInputAtFinish) {
  Utf8Decoder d;
  EXPECT_EQ(d.encoding(), Encoding::kUnknown);
  EXPECT_EQ(encoding_name(d.encoding()), "unknown");
  EXPECT_TRUE(d.decode("id;").empty());
  EXPECT_TRUE(d.decode("x\n").empty());
  EXPECT_EQ(d.encoding(), Encoding::kUnknown);
  EXPECT_EQ(d.finish(), "id;x\n");
  EXPECT_EQ(d.encoding(), Encoding::kUtf8);

  Utf8Decoder w;
  EXPECT_TRUE(w.decode("\xC0\xC1").empty());  // АБ in cp1251, not UTF-8
  EXPECT_EQ(w.finish(), "\xD0\x90\xD0\x91");
  EXPECT_EQ(w.encoding(), Encoding::kWindows1251);

  Utf8Decoder e;
  EXPECT_TRUE(e.finish().empty());
  EXPECT_FALSE(e.binary());
}

TEST(Utf8Decoder, DecidesWindows1251WhenOnlyTheLastByteIsHigh) {
  // "1;Я" in cp1251 (Я = DF). At finish() the sample is the whole file, so a
  // lead byte at its end is not a sequence cut by the sniff window: the file
  // is not valid UTF-8.
  const Decoded d = decode_chunks("id;name\n1;\xDF");
  EXPECT_EQ(d.encoding, Encoding::kWindows1251);
  EXPECT_EQ(d.text, "id;name\n1;\xD0\xAF");
}

TEST(Utf8Decoder, KeepsUtf8SequenceCutBySniffWindow) {
  // Ё (D0 81) straddles byte kSniffBytes: still UTF-8, not cp1251.
  std::string bytes(Utf8Decoder::kSniffBytes - 1, 'a');
  bytes += "\xD0\x81;b\n";
  const Decoded d = decode_chunks(bytes, 1);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.text, bytes);
}

TEST(Utf8Decoder, KeepsFourByteSequenceCutBySniffWindowButNotBadOnes) {
  // 😀 (F0 9F 98 80) cut after its second byte by the sniff window: UTF-8.
  std::string cut(Utf8Decoder::kSniffBytes - 2, 'a');
  cut += "\xF0\x9F\x98\x80\n";
  EXPECT_EQ(decode_chunks(cut, 1).encoding, Encoding::kUtf8);
  // An overlong form (C0 AF), a surrogate (ED A0 80) and a code point past
  // U+10FFFF (F4 90 80 80) are no UTF-8, wherever they are: Windows-1251.
  for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(decode_chunks("id;name\n1;" + bad + "\n").encoding, Encoding::kWindows1251);
    std::string at_window(Utf8Decoder::kSniffBytes - bad.size(), 'a');
    EXPECT_EQ(decode_chunks(at_window + bad + "\n").encoding, Encoding::kWindows1251);
  }
}

TEST(Utf8Decoder, ChunkedFeedingMatchesOneChunk) {
  const std::vector<std::string> inputs = {
      repeat("id;\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0\n", 600),              // UTF-8
      "\xEF\xBB\xBF" + repeat("x,y\r\n", 1200),                           // UTF-8 + BOM
      repeat("\xD1\xE4\xE5\xEB\xEA\xE0;\xB9\n", 700),                     // cp1251
      utf16(repeated_line(250), true, true),                              // UTF-16LE
      utf16(repeated_line(250), false, true),                             // UTF-16BE
      utf16(repeated_line(3), true, false).substr(0, 29),                 // short, odd length
  };
  for (size_t k = 0; k < inputs.size(); ++k) {
    SCOPED_TRACE(k);
    const Decoded whole = decode_chunks(inputs[k]);
    for (size_t chunk : {1, 2, 3, 64, 4095, 4096, 4097}) {
      SCOPED_TRACE(chunk);
      const Decoded d = decode_chunks(inputs[k], chunk);
      EXPECT_EQ(d.text, whole.text);
      EXPECT_EQ(d.encoding, whole.encoding);
    }
  }
}

}  // namespace
}  // namespace kpi

#include "core/model/text.h"

namespace kpi {

void fold_case(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if (ch >= 'A' && ch <= 'Z') {
      out += static_cast<char>(ch - 'A' + 'a');
    } else if (ch == 0xD0 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x90 && next <= 0x9F) {         // А-П -> а-п
        out += '\xD0';
        out += static_cast<char>(next + 0x20);
      } else if (next >= 0xA0 && next <= 0xAF) {  // Р-Я -> р-я
        out += '\xD1';
        out += static_cast<char>(next - 0x20);
      } else if (next >= 0x80 && next <= 0x8F) {  // Ѐ-Џ (Ё, Є, І, Ї, Ў...) -> ѐ-џ
        out += '\xD1';
        out += static_cast<char>(next + 0x10);
      } else {
        out += static_cast<char>(ch);
        out += static_cast<char>(next);
      }
      ++i;
    } else if (ch == 0xC3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9E && static_cast<unsigned char>(s[i + 1]) != 0x97) {
      out += '\xC3';  // À-Þ -> à-þ (Spanish, Portuguese, German headers), × excepted
      out += static_cast<char>(static_cast<unsigned char>(s[++i]) + 0x20);
    } else if (ch == 0xD2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x90) {
      out += "\xD2\x91";  // Ґ -> ґ
      ++i;
    } else {
      out += static_cast<char>(ch);
    }
  }
}

std::string fold_case(std::string_view s) {
  std::string out;
  fold_case(s, out);
  return out;
}

}  // namespace kpi

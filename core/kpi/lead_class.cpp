#include "core/kpi/lead_class.h"

#include <array>
#include <string>

namespace kpi {
namespace {

// Lower-cases ASCII and the Cyrillic capitals А-Я, Ё (UTF-8); other bytes unchanged.
std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == 0xD0 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x90 && d <= 0x9F) { out += '\xD0'; out += static_cast<char>(d + 0x20); }       // А-П -> а-п
      else if (d >= 0xA0 && d <= 0xAF) { out += '\xD1'; out += static_cast<char>(d - 0x20); }  // Р-Я -> р-я
      else if (d == 0x81) { out += "\xD1\x91"; }                                               // Ё -> ё
      else { out += static_cast<char>(c); out += static_cast<char>(d); }
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

struct Keyword {
  std::string_view text;
  LeadClass cls;
};
// Cold first: "outbound call list" is cold, not hot.
constexpr std::array<Keyword, 15> kKeywords = {{
    {"cold", LeadClass::kCold}, {"outbound", LeadClass::kCold}, {"\xD1\x85\xD0\xBE\xD0\xBB\xD0\xBE\xD0\xB4", LeadClass::kCold},  // холод
    {"call", LeadClass::kHot}, {"\xD0\xB7\xD0\xB2\xD0\xBE\xD0\xBD", LeadClass::kHot},   // звон
    {"chat", LeadClass::kHot}, {"\xD1\x87\xD0\xB0\xD1\x82", LeadClass::kHot},           // чат
    {"widget", LeadClass::kHot}, {"\xD0\xB2\xD0\xB8\xD0\xB4\xD0\xB6\xD0\xB5\xD1\x82", LeadClass::kHot},  // виджет
    {"form", LeadClass::kWarm}, {"\xD1\x84\xD0\xBE\xD1\x80\xD0\xBC", LeadClass::kWarm},  // форм
    {"mail", LeadClass::kWarm}, {"\xD0\xBF\xD0\xBE\xD1\x87\xD1\x82", LeadClass::kWarm},  // почт
    {"social", LeadClass::kWarm}, {"\xD1\x81\xD0\xBE\xD1\x86", LeadClass::kWarm},        // соц
}};

}  // namespace

LeadClass lead_class_of(const Settings& settings, std::string_view source) {
  const std::string folded = fold(source);
  for (const auto& [name, cls] : settings.source_classes) {
    if (fold(name) == folded) return cls;
  }
  for (const Keyword& k : kKeywords) {
    if (folded.find(k.text) != std::string::npos) return k.cls;
  }
  return LeadClass::kWarm;
}

std::string_view lead_class_name(LeadClass c) noexcept {
  switch (c) {
    case LeadClass::kHot: return "hot";
    case LeadClass::kWarm: return "warm";
    case LeadClass::kCold: return "cold";
  }
  return "warm";
}

}  // namespace kpi

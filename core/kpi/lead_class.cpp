#include "core/kpi/lead_class.h"

#include "core/model/text.h"

#include <array>
#include <string>

namespace kpi {
namespace {

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
  const std::string folded = fold_case(source);
  for (const auto& [name, cls] : settings.source_classes) {
    if (fold_case(name) == folded) return cls;
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

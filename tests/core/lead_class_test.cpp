// Source -> lead class: mapping, then keywords (ru/en, any case), else warm.
#include "core/kpi/lead_class.h"

#include <gtest/gtest.h>

namespace kpi {
namespace {

TEST(LeadClass, MappingThenKeywordsThenWarm) {
  Settings s;
  s.source_classes = {{"Звонок", LeadClass::kHot}, {"site_form", LeadClass::kWarm}, {"Партнёры", LeadClass::kCold}};
  struct Case { const char* source; LeadClass want; };
  const Case cases[] = {
      {"Звонок", LeadClass::kHot},            // exact mapping
      {"SITE_FORM", LeadClass::kWarm},        // mapping, case-insensitive
      {"ПАРТНЁРЫ", LeadClass::kCold},         // mapping with Cyrillic capitals and Ё
      {"Входящий звонок", LeadClass::kHot},   // keyword звон
      {"Чат на сайте", LeadClass::kHot},      // чат, capitalised
      {"Site widget", LeadClass::kHot},
      {"Форма на сайте", LeadClass::kWarm},
      {"E-mail", LeadClass::kWarm},
      {"Почта", LeadClass::kWarm},
      {"Соцсети", LeadClass::kWarm},
      {"Холодная база", LeadClass::kCold},
      {"Outbound call list", LeadClass::kCold},  // cold beats call
      {"Рекомендация", LeadClass::kWarm},        // unknown
      {"", LeadClass::kWarm},
  };
  for (const Case& c : cases) EXPECT_EQ(lead_class_of(s, c.source), c.want) << c.source;
  EXPECT_EQ(lead_class_name(LeadClass::kCold), "cold");
}

}  // namespace
}  // namespace kpi

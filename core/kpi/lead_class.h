// A deal's channel class (hot / warm / cold) from its source, spec/kpi.md §1
// and §3a: the exact `source_classes` mapping first (case-insensitive), then
// keywords (call/звон, chat/чат, widget/виджет = hot; form/форм, mail/почт,
// social/соц = warm; cold/outbound/холод = cold), else warm.
#pragma once

#include <string_view>

#include "core/settings.h"

namespace kpi {

LeadClass lead_class_of(const Settings& settings, std::string_view source);

/// "hot", "warm", "cold".
std::string_view lead_class_name(LeadClass c) noexcept;

}  // namespace kpi

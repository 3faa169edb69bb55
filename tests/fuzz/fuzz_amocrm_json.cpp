// Lean target: the amocrm JSON adapter. The input is the inside of a list
// in that CRM's envelope, so every input reaches the adapter's entity code.
#include <string>

#include "core/model/dataset.h"
#include "core/settings.h"
#include "core/sources/crm_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kPrefix[] = {R"({"_embedded": {"leads": [)", R"({"_embedded": {"events": [)", R"({"_embedded": {"tasks": [)", R"({"_embedded": {"notes": [)", R"({"_embedded": {"pipelines": [)", R"({"_embedded": {"users": [)"};
  if (size == 0) return 0;
  std::string text = kPrefix[data[0] % (sizeof kPrefix / sizeof kPrefix[0])];
  text.append(reinterpret_cast<const char*>(data) + 1, size - 1);
  text += "]}}";
  text.reserve(text.size() + kpi::kJsonPadding);
  kpi::Dataset model;
  static const kpi::Settings settings;
  kpi::InputSummary summary;
  kpi::read_json_dump(text, 0, kpi::IngestContext{model, settings, 0, summary});
  return 0;
}

// Lean target: the bitrix24 JSON adapter. The input is the inside of a list
// in that CRM's envelope, so every input reaches the adapter's entity code.
#include <string>

#include "core/model/dataset.h"
#include "core/settings.h"
#include "core/sources/crm_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kEnvelope[][2] = {
      {R"({"result": [)", "]}"}, {R"({"result": {"items": [)", "]}}"}, {R"({"result": {"tasks": [)", "]}}"}};
  if (size == 0) return 0;
  const auto& envelope = kEnvelope[data[0] % 3];
  std::string text = envelope[0];
  text.append(reinterpret_cast<const char*>(data) + 1, size - 1);
  text += envelope[1];
  text.reserve(text.size() + kpi::kJsonPadding);
  kpi::Dataset model;
  static const kpi::Settings settings;
  kpi::InputSummary summary;
  kpi::read_json_dump(text, 0, kpi::IngestContext{model, settings, 0, summary});
  return 0;
}

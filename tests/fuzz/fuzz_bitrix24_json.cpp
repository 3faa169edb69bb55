// Lean target: the Bitrix24 JSON adapter. The input is the inside of one of
// its result shapes (byte 0 picks which), so every input reaches the entity code.
#include "tests/fuzz/lean.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kEnvelope[][2] = {
      {R"({"result": [)", "]}"}, {R"({"result": {"items": [)", "]}}"}, {R"({"result": {"tasks": [)", "]}}"}};
  if (size == 0) return 0;
  const auto& envelope = kEnvelope[data[0] % 3];
  kpi::fuzz::read_dump(data, size, envelope[0], envelope[1]);
  return 0;
}

// Lean target: the amoCRM JSON adapter. The input is the inside of one of
// its lists (byte 0 picks which), so every input reaches the entity code.
#include "tests/fuzz/lean.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kLists[] = {"leads", "events", "tasks", "notes", "pipelines", "users", "loss_reasons"};
  if (size == 0) return 0;
  const std::string prefix = std::string(R"({"_embedded": {")") + kLists[data[0] % 7] + "\": [";
  kpi::fuzz::read_dump(data, size, prefix, "]}}");
  return 0;
}

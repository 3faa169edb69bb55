// Lean target: the decoder (BOM, UTF-8 by simdjson's validator, Windows-1251,
// UTF-16) fed in chunks; its output must be valid UTF-8 whatever came in
// (except a UTF-8-declared file, which passes through as given).
#include <cstdlib>
#include <string>

#include <simdjson.h>

#include "core/io/encoding.h"
#include "tests/fuzz/lean.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kpi::fuzz::Input in = kpi::fuzz::split(data, size);
  kpi::Utf8Decoder decoder;
  std::string out;
  kpi::fuzz::in_chunks(in, [&](std::string_view c) { out.append(decoder.decode(c)); });
  out.append(decoder.finish());
  const kpi::Encoding e = decoder.encoding();
  const bool converted = e == kpi::Encoding::kWindows1251 || e == kpi::Encoding::kUtf16Le || e == kpi::Encoding::kUtf16Be;
  if (converted && !simdjson::validate_utf8(out.data(), out.size())) std::abort();
  return 0;
}

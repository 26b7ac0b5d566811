// Feeds bytes as xlsx, docx and pptx. With a seed corpus of real OOXML files the fuzzer
// mutates the zip and XML inside; without, it still exercises the zip rejection paths.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_sources_common.h"
#include "sources/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::sources;
  fuzzing::CheckingVisitor visitor;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto options = fuzzing::small_options();
  for (const char* name : {"fuzz.xlsx", "fuzz.docx", "fuzz.pptx"}) {
    detail::read_buffer(bytes, name, options, visitor);
  }
  if (visitor.open()) __builtin_trap();
  return 0;
}

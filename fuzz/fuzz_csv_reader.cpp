#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_sources_common.h"
#include "sources/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::sources;
  fuzzing::CheckingVisitor visitor;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  detail::read_buffer(bytes, "fuzz.csv", fuzzing::small_options(), visitor);
  detail::read_buffer(bytes, "fuzz.tsv", ReadOptions{}, visitor);
  if (visitor.open()) __builtin_trap();
  return 0;
}

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_sources_common.h"
#include "sources/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::sources;
  fuzzing::CheckingVisitor visitor;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // read_buffer sniffs the magic bytes, so zip, gzip, tar and nested members all get reached.
  detail::read_buffer(bytes, "fuzz.zip", fuzzing::small_options(), visitor);
  if (visitor.open()) __builtin_trap();
  return 0;
}

// The BSON reader on arbitrary bytes: validate, walk every element, open nested documents
// (breadth-first with a bound, so hostile nesting cannot exhaust the stack).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string_view>

#include "services/mongodb/bson.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using paicha::services::bson::Document;
  using paicha::services::bson::Element;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto root = Document::parse(bytes);
  if (!root) return 0;
  if (root->size_bytes() > size) __builtin_trap();
  std::deque<Document> pending{*root};
  size_t opened = 0;
  while (!pending.empty() && opened < 1000) {
    const Document doc = pending.front();
    pending.pop_front();
    ++opened;
    doc.for_each([&](const Element& e) {
      (void)e.as_string();
      (void)e.as_int();
      (void)e.as_bool();
      (void)e.as_double();
      (void)doc.find(e.name);
      if (auto nested = Document::open(e)) pending.push_back(*nested);
    });
  }
  return 0;
}

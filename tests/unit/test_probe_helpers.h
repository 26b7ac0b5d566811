#pragma once
// Helpers for the probe tests: byte strings from hex and fixture files.
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>

#include "services/probe.h"

namespace paicha::services::testing {

inline std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) out += static_cast<char>(v);
  return out;
}

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(PAICHA_TEST_DATA_DIR) + "/probes/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every proper prefix of a complete reply must ask for more (or at least never match wrongly).
template <typename Parse>
bool every_prefix_needs_more(const std::string& reply, Parse parse) {
  for (size_t n = 0; n < reply.size(); ++n) {
    if (parse(std::string_view(reply).substr(0, n)).verdict != Verdict::need_more) return false;
  }
  return true;
}

}  // namespace paicha::services::testing

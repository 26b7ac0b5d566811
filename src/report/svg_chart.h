#pragma once
// Horizontal bar charts as inline SVG: no scripts, no fonts to fetch, prints sharply.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::report {

struct Bar {
  std::string label;
  uint64_t value = 0;
  std::string color;  // CSS colour, e.g. "#c0392b"
};

// A self-contained <svg> element with a <title> for screen readers.
std::string svg_bar_chart(std::string_view title, const std::vector<Bar>& bars);

}  // namespace paicha::report

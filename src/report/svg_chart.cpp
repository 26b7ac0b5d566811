#include "report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/xml_text.h"

namespace paicha::report {

std::string svg_bar_chart(std::string_view title, const std::vector<Bar>& bars) {
  constexpr int kLabelWidth = 170, kBarArea = 420, kValueWidth = 70, kRow = 26, kTop = 8;
  const int width = kLabelWidth + kBarArea + kValueWidth;
  const int height = kTop * 2 + kRow * static_cast<int>(bars.size());
  uint64_t max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  std::string svg = fmt::format(
      "<svg role=\"img\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-size=\"13\"><title>",
      width, height);
  append_xml_escaped(svg, title);
  svg += "</title>";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = kTop + static_cast<int>(i) * kRow;
    // A value above zero always shows at least a sliver, so small counts are not invisible.
    const int length =
        b.value == 0
            ? 0
            : std::max<int>(2, static_cast<int>(static_cast<double>(b.value) / max * kBarArea));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">", kLabelWidth - 8, y + 17);
    append_xml_escaped(svg, b.label);
    svg += fmt::format(
        "</text><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"{}\">{}</text>",
        kLabelWidth, y + 4, length, kRow - 8, xml_escaped(b.color.empty() ? "#4a6fa5" : b.color),
        kLabelWidth + length + 6, y + 17, b.value);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace paicha::report

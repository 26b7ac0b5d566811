#include "core/severity.h"

#include <array>
#include <cctype>

#include "core/i18n.h"

namespace paicha {

namespace {

struct SeverityName {
  Severity severity;
  std::string_view name;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array<SeverityName, 5> kNames{{
    {Severity::info, "info", "提示", "Info"},
    {Severity::low, "low", "低危", "Low"},
    {Severity::medium, "medium", "中危", "Medium"},
    {Severity::high, "high", "高危", "High"},
    {Severity::critical, "critical", "严重", "Critical"},
}};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(Severity severity) {
  for (const auto& n : kNames)
    if (n.severity == severity) return n.name;
  return "info";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (const auto& n : kNames)
    if (equals_ignoring_case(text, n.name)) return n.severity;
  return std::nullopt;
}

std::string_view severity_label(Severity severity) {
  for (const auto& n : kNames)
    if (n.severity == severity) return tr(n.zh, n.en);
  return tr("提示", "Info");
}

}  // namespace paicha

#include "store/finding_stream.h"

#include <nlohmann/json.hpp>

namespace paicha::store {

void for_each_finding(Store& store, int64_t run_id,
                      const std::function<bool(std::string_view rule)>& needs_stored_texts,
                      const std::function<void(Finding&&)>& visit) {
  auto stmt = store.database().prepare(
      "SELECT rule, category, severity, host, port, service, evidence, evidence_key, title, "
      "remediation, refs FROM findings WHERE run_id = ? ORDER BY id");
  stmt.bind(1, run_id);
  while (stmt.step()) {
    Finding f;
    f.rule = stmt.column_text(0);
    f.category = stmt.column_text(1);
    f.severity = parse_severity(stmt.column_text(2)).value_or(Severity::info);
    f.host = stmt.column_text(3);
    f.port = static_cast<uint16_t>(stmt.column_int(4));
    f.service = stmt.column_text(5);
    f.evidence = stmt.column_text(6);
    f.evidence_key = stmt.column_text(7);
    if (needs_stored_texts(f.rule)) {
      f.title = stmt.column_text(8);
      f.remediation = stmt.column_text(9);
      auto refs = nlohmann::json::parse(stmt.column_text(10), nullptr, false);
      if (refs.is_array())
        for (const auto& r : refs)
          if (r.is_string()) f.references.push_back(r.get<std::string>());
    }
    visit(std::move(f));
  }
}

}  // namespace paicha::store

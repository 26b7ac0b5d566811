#include "store/run_diff.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha::store {

RunDiff diff_runs(Store& store, int64_t run_a, int64_t run_b) {
  for (int64_t id : {run_a, run_b}) {
    auto run = store.run(id);
    if (!run || (run->kind != "audit" && run->kind != "verify"))
      throw UsageError(fmt::format(
          "{} #{} {}", tr("运行", "run"), id,
          tr("不存在或不是 audit/verify 运行", "does not exist or is not an audit/verify run")));
  }
  std::map<std::string, Finding> in_a, in_b;
  for (auto& f : store.findings(run_a)) in_a.emplace(f.fingerprint(), std::move(f));
  for (auto& f : store.findings(run_b)) in_b.emplace(f.fingerprint(), std::move(f));

  Database& db = store.database();
  std::set<std::pair<std::string, int64_t>> checked_in_b;
  {
    auto s =
        db.prepare("SELECT host, port FROM assets WHERE run_id = ? AND checked_at IS NOT NULL");
    s.bind(1, run_b);
    while (s.step()) checked_in_b.insert({s.column_text(0), s.column_int(1)});
  }
  std::set<std::string> fixed_before_b;
  {
    auto s = db.prepare(
        "SELECT DISTINCT fingerprint FROM finding_events WHERE action = 'fixed' AND run_id < ?");
    s.bind(1, run_b);
    while (s.step()) fixed_before_b.insert(s.column_text(0));
  }
  RunDiff diff;
  for (const auto& [id, f] : in_b) {
    if (in_a.count(id))
      diff.still_open.push_back(f);
    else if (fixed_before_b.count(id))
      diff.came_back.push_back(f);
    else
      diff.appeared.push_back(f);
  }
  for (const auto& [id, f] : in_a) {
    if (in_b.count(id)) continue;
    if (checked_in_b.count({f.host, f.port}))
      diff.fixed.push_back(f);
    else
      diff.not_rechecked.push_back(f);
  }
  return diff;
}

}  // namespace paicha::store

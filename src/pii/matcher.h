#pragma once
// Finds validated personal data in UTF-8 text: one Hyperscan pass finds the literal-anchored
// candidates ("@", key words such as 密码=, province names, token and hash prefixes), a
// tokenizer finds the digit ones (numeric_tokens.h), and only those candidates are cut out and
// passed to the validators.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "pii/types.h"

struct hs_scratch;

namespace paicha::pii {

struct Match {
  PiiType type;
  size_t begin;  // byte offsets into the scanned text
  size_t end;
};

// Calls keep(match), in order and in one pass, for what resolve_overlaps() would leave of the
// stable merge of up to four sorted runs: on equal spans the earlier run's match is kept. The
// runs are left as they were.
template <typename Keep>
void for_each_resolved(std::initializer_list<std::vector<Match>*> runs, Keep&& keep) {
  // A sentinel past every text ends each run, and a missing run is the sentinel alone, so the
  // loop has no emptiness checks. It runs once per candidate of every chunk and which run wins
  // is unpredictable, so the heads live in registers and are picked and advanced without
  // branches.
  static constexpr Match kEnd{PiiType::cn_id, std::numeric_limits<size_t>::max(), 0};
  constexpr size_t kMaxRuns = 4;
  std::array<const Match*, kMaxRuns> first{&kEnd, &kEnd, &kEnd, &kEnd};
  size_t count = 0;
  for (auto* run : runs) {
    if (count == kMaxRuns) break;
    run->push_back(kEnd);
    first[count++] = run->data();
  }
  auto before = [](const Match* a, const Match* b) {  // match_order, as one condition
    return (a->begin < b->begin) | ((a->begin == b->begin) & (a->end > b->end));
  };
  const Match *h0 = first[0], *h1 = first[1], *h2 = first[2], *h3 = first[3];
  bool kept = false;
  size_t covered = 0;
  while (true) {
    // The earliest head; on equal spans the earlier run's.
    const Match* m = h0;
    m = before(h1, m) ? h1 : m;
    m = before(h2, m) ? h2 : m;
    m = before(h3, m) ? h3 : m;
    if (m->begin == kEnd.begin) break;
    // Heads of distinct runs are distinct (only finished runs share the sentinel).
    h0 += m == h0;
    h1 += m == h1;
    h2 += m == h2;
    h3 += m == h3;
    if (kept && m->begin < covered) continue;
    covered = m->end;
    kept = true;
    keep(*m);
  }
  size_t popped = 0;
  for (auto* run : runs)
    if (popped++ < count) run->pop_back();
}

// One per thread: holds the Hyperscan scratch space and candidate buffers. The compiled
// pattern database is shared by all sessions and built on first use.
class MatchSession {
 public:
  // Whether the patterns came from the database compiled into the program at build time
  // (false: compiled at start, as on a machine the build's database does not fit).
  static bool prebuilt_patterns();
  MatchSession();
  ~MatchSession();
  MatchSession(const MatchSession&) = delete;
  MatchSession& operator=(const MatchSession&) = delete;

  // Appends the validated matches of `types` in `text`, sorted by position and without
  // overlaps (where two candidates overlap, the earlier and then the longer one wins).
  void find(std::string_view text, TypeSet types, std::vector<Match>& out);

  // find() in two steps, for a caller with candidates of its own (CSV cells matched through
  // their column): collect() finds and validates the candidates of a text of at most kMaxText
  // bytes; literal_candidates() are those led by keys and names, sorted; merge() appends all of
  // them and `extra` (sorted; last on ties) to `out`, sorted and without overlaps.
  static constexpr size_t kMaxText = size_t{1} << 30;
  void collect(std::string_view text, TypeSet types);
  const std::vector<Match>& literal_candidates() const { return candidates_; }
  void merge(std::vector<Match>& extra, std::vector<Match>& out);
  // merge(), calling keep(match) for each instead of storing them.
  template <typename Keep>
  void merge_each(std::vector<Match>& extra, Keep&& keep) {
    // On equal spans Hyperscan's candidates come first, as when all came from its hits (a key's
    // hit ends before the value it introduces); the caller's come last.
    for_each_resolved({&candidates_, &byte_led_, &numeric_, &extra}, keep);
  }

  struct Hit {
    unsigned id;
    size_t from;
    size_t to;
  };

 private:
  // Candidates led by one byte ("@", "*") at the offsets in marks_, which the digit tokenizer
  // collects in its pass over the bytes, rather than by Hyperscan.
  void find_byte_led(std::string_view text, TypeSet types);

  hs_scratch* scratch_ = nullptr;
  std::vector<Hit> hits_;
  std::vector<Match> candidates_;  // led by Hyperscan's hits
  std::vector<Match> byte_led_;
  std::vector<Match> numeric_;
  std::vector<size_t> marks_;
};

// Validates a whole value known by its context (column header, JSON key) to be of `type`:
// name, address, password or secret. Other types are validated as they are anywhere.
bool valid_in_context(PiiType type, std::string_view value);

// Sorts `matches` by position and drops overlapping ones (earlier, then longer, wins).
void resolve_overlaps(std::vector<Match>& matches);
// The order resolve_overlaps() and merge_resolved() keep.
bool match_order(const Match& a, const Match& b);
// for_each_resolved, appending to `out`.
void merge_resolved(std::initializer_list<std::vector<Match>*> runs, std::vector<Match>& out);

}  // namespace paicha::pii

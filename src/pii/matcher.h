#pragma once
// Finds validated personal data in UTF-8 text: one Hyperscan pass finds the literal-anchored
// candidates ("@", key words such as 密码=, province names, token and hash prefixes), a
// tokenizer finds the digit ones (numeric_tokens.h), and only those candidates are cut out and
// passed to the validators.
#include <cstdint>
#include <initializer_list>
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
// Appends to `out`, in one pass, what resolve_overlaps() would leave of the stable merge of
// up to four sorted runs: on equal spans the earlier run's match is kept. The runs are left as
// they were.
void merge_resolved(std::initializer_list<std::vector<Match>*> runs, std::vector<Match>& out);

}  // namespace paicha::pii

// Fuzzes the personal-data matcher, the CSV context and masking with arbitrary bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pii/csv_context.h"
#include "pii/email_around.h"
#include "pii/mask.h"
#include "pii/mask_file.h"
#include "pii/matcher.h"
#include "pii/numeric_tokens.h"

using namespace paicha::pii;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static MatchSession session;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<Match> matches;
  session.find(text, TypeSet::all(), matches);
  size_t previous_end = 0;
  for (const auto& m : matches) {
    // Matches lie inside the text, in order, without overlaps.
    if (m.begin >= m.end || m.end > text.size() || m.begin < previous_end) std::abort();
    previous_end = m.end;
    std::string masked = mask_value(m.type, text.substr(m.begin, m.end - m.begin));
    (void)masked_sample(m.type, text.substr(m.begin, m.end - m.begin));
    if (masked == text.substr(m.begin, m.end - m.begin)) std::abort();  // masking must change it
  }
  // Treat the first line as a CSV header and the rest as rows.
  size_t nl = text.find('\n');
  std::string_view header = text.substr(0, nl == std::string_view::npos ? text.size() : nl);
  std::vector<std::optional<PiiType>> columns;
  char delimiter = guess_delimiter(header);
  classify_columns(split_csv_line(header, delimiter), TypeSet::all(), columns);
  std::vector<Match> context;
  add_csv_context_matches(text, delimiter, columns, TypeSet::all(), context);
  for (const auto& m : context)
    if (m.begin > m.end || m.end > text.size()) std::abort();
  // The cell index must place every offset in the column the plain count gives.
  CsvCells cells;
  cells.index(text, delimiter);
  for (size_t i = 0; i <= text.size(); i += 97)
    if (cells.column_at(i) != csv_column_at(text, i, delimiter)) std::abort();
  // The mask-based e-mail cut must agree with the byte loop at every "@".
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t b1 = 0, e1 = 0, b2 = 0, e2 = 0;
    bool fast = email_around(text, at, b1, e1);
    if (fast != email_around_plain(text, at, b2, e2) || (fast && (b1 != b2 || e1 != e2)))
      std::abort();
  }
  // Digit tokens must not depend on where the 64-byte windows fall.
  std::vector<Match> tokens, shifted_tokens;
  find_numeric_tokens(text, TypeSet::all(), tokens);
  const size_t shift = size % 63 + 1;
  find_numeric_tokens(std::string(shift, ' ') + std::string(text), TypeSet::all(), shifted_tokens);
  if (tokens.size() != shifted_tokens.size()) std::abort();
  for (size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i].type != shifted_tokens[i].type ||
        tokens[i].begin + shift != shifted_tokens[i].begin ||
        tokens[i].end + shift != shifted_tokens[i].end)
      std::abort();
  (void)mask_text(text, TypeSet::all());
  return 0;
}

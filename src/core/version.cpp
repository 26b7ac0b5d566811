#include "core/version.h"

#include <algorithm>
#include <array>

namespace paicha {

namespace {

constexpr size_t kMaxInput = 256;
constexpr uint64_t kMaxNumber = 999'999'999'999'999'999ULL;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Rank of a pre-release word; words not listed here are post-release revisions.
constexpr std::array<std::string_view, 5> kPreReleaseWords = {"dev", "alpha", "beta", "pre", "rc"};

int pre_release_rank(std::string_view word) {
  for (size_t i = 0; i < kPreReleaseWords.size(); ++i)
    if (kPreReleaseWords[i] == word) return static_cast<int>(i);
  return -1;
}

// Where a part sits relative to "nothing here" (a missing part): pre-releases below it, zero
// equal to it, revisions just above it, positive numbers above those.
int slot(bool present, bool is_number, bool is_pre, uint64_t number) {
  if (!present) return 1;
  if (is_pre) return 0;
  if (is_number) return number == 0 ? 1 : 3;
  return 2;
}

}  // namespace

std::optional<Version> Version::parse(std::string_view text) {
  if (text.size() > kMaxInput) text = text.substr(0, kMaxInput);
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  // MariaDB 10+ announces itself as "5.5.5-10.11.6-MariaDB" to keep old MySQL clients happy.
  if (text.starts_with("5.5.5-") && text.size() > 6 && is_digit(text[6]) &&
      text.find("MariaDB") != std::string_view::npos)
    text.remove_prefix(6);
  if (text.empty() || !is_digit(text.front())) return std::nullopt;

  Version v;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_digit(c)) {
      uint64_t n = 0;
      while (i < text.size() && is_digit(text[i])) {
        n = std::min(kMaxNumber, n * 10 + static_cast<uint64_t>(text[i] - '0'));
        ++i;
      }
      v.parts_.push_back({Kind::number, n, {}});
    } else if (is_alpha(c)) {
      std::string word;
      while (i < text.size() && is_alpha(text[i])) word.push_back(lower(text[i++]));
      v.parts_.push_back(
          {pre_release_rank(word) >= 0 ? Kind::pre_release : Kind::revision, 0, word});
    } else if (c == '.' && i + 1 < text.size() &&
               (is_digit(text[i + 1]) || is_alpha(text[i + 1]))) {
      ++i;
    } else if ((c == '-' || c == '_' || c == '~') && i + 1 < text.size()) {
      // "7.0.0-rc1" keeps the pre-release; "-MariaDB" or "-1ubuntu1" ends the version.
      size_t end = i + 1;
      std::string word;
      while (end < text.size() && is_alpha(text[end])) word.push_back(lower(text[end++]));
      if (word.empty() || pre_release_rank(word) < 0) break;
      ++i;
    } else {
      break;
    }
    // A letter run glued to a product name ("10.11.6MariaDB") is not a revision: stop at long
    // words that are not pre-release markers.
    if (!v.parts_.empty() && v.parts_.back().kind == Kind::revision &&
        v.parts_.back().word.size() > 2) {
      i -= v.parts_.back().word.size();
      v.parts_.pop_back();
      break;
    }
  }
  v.text_ = std::string(text.substr(0, i));
  while (!v.text_.empty() && v.text_.back() == '.') v.text_.pop_back();
  v.suffix_ = std::string(text.substr(i));
  return v;
}

std::vector<uint64_t> Version::numbers() const {
  std::vector<uint64_t> out;
  for (const auto& p : parts_) {
    if (p.kind != Kind::number) break;
    out.push_back(p.number);
  }
  return out;
}

bool Version::in_branch(const Version& branch) const {
  const auto mine = numbers();
  const auto wanted = branch.numbers();
  if (wanted.empty() || mine.size() < wanted.size()) return false;
  return std::equal(wanted.begin(), wanted.end(), mine.begin());
}

int Version::compare(const Version& other) const {
  const size_t n = std::max(parts_.size(), other.parts_.size());
  for (size_t i = 0; i < n; ++i) {
    const bool has_a = i < parts_.size();
    const bool has_b = i < other.parts_.size();
    const Part empty{Kind::number, 0, {}};
    const Part& a = has_a ? parts_[i] : empty;
    const Part& b = has_b ? other.parts_[i] : empty;
    const int sa = slot(has_a, a.kind == Kind::number, a.kind == Kind::pre_release, a.number);
    const int sb = slot(has_b, b.kind == Kind::number, b.kind == Kind::pre_release, b.number);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (a.kind == Kind::number && b.kind == Kind::number) {
      if (a.number != b.number) return a.number < b.number ? -1 : 1;
    } else if (a.kind == Kind::pre_release && b.kind == Kind::pre_release) {
      const int ra = pre_release_rank(a.word), rb = pre_release_rank(b.word);
      if (ra != rb) return ra < rb ? -1 : 1;
    } else if (a.kind == Kind::revision && b.kind == Kind::revision) {
      if (a.word != b.word) return a.word < b.word ? -1 : 1;
    }
  }
  return 0;
}

int compare_versions(std::string_view a, std::string_view b) {
  const auto va = Version::parse(a);
  const auto vb = Version::parse(b);
  if (!va || !vb) return va ? 1 : (vb ? -1 : 0);
  return va->compare(*vb);
}

}  // namespace paicha

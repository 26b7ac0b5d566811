#pragma once
// Product version strings as services report them, parsed for ordering:
// "10.11.6-MariaDB-0+deb12u1", "5.5.5-10.11.6-MariaDB", "7.0.15", "9.2p1", "15.4",
// "1.3.5b", "1.3.6rc1", "v8.0.4".
//
// Ordering rules (chosen to fit the products paicha checks):
//   - numeric parts compare as numbers, missing ones count as 0: 15.4 == 15.4.0 < 15.10;
//   - a pre-release word (dev, alpha, beta, pre, rc) sorts before the release: 1.3.6rc1 < 1.3.6;
//   - any other letters are post-release revisions: 1.3.5 < 1.3.5a < 1.3.5b, 9.8 < 9.8p1 <
//     9.8p2 < 9.9;
//   - a revision sorts before a further numeric part: 1.3.5b < 1.3.5.1.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paicha {

class Version {
 public:
  // Reads the version at the start of `text` (after an optional 'v' and MariaDB's "5.5.5-"
  // compatibility prefix). The rest of the text is kept as suffix(). nullopt when `text` does
  // not start with a digit. Never throws; inputs longer than 256 bytes are cut.
  static std::optional<Version> parse(std::string_view text);

  const std::string& text() const { return text_; }      // "10.11.6", "9.2p1"
  const std::string& suffix() const { return suffix_; }  // "-MariaDB-0+deb12u1", ""

  // The leading numeric parts: 10.11.6 -> {10, 11, 6}; 9.2p1 -> {9, 2}.
  std::vector<uint64_t> numbers() const;

  // True when the first numeric parts equal `branch` ("11", "7.2", "10.11").
  bool in_branch(const Version& branch) const;

  int compare(const Version& other) const;  // <0, 0, >0
  friend bool operator==(const Version& a, const Version& b) { return a.compare(b) == 0; }
  friend std::strong_ordering operator<=>(const Version& a, const Version& b) {
    return a.compare(b) <=> 0;
  }

 private:
  enum class Kind : uint8_t { pre_release, number, revision };
  struct Part {
    Kind kind;
    uint64_t number = 0;
    std::string word;
  };
  std::vector<Part> parts_;
  std::string text_;
  std::string suffix_;
};

// Convenience for data and tests: compares two version strings; an unparsable string sorts
// before every parsable one, two unparsable ones compare equal.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace paicha

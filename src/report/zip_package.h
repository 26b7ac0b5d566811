#pragma once
// A ZIP archive built in memory (libzip), for the OOXML packages paicha writes. The caller
// writes the bytes through report::Output so the file gets mode 0600 like every result.
#include <deque>
#include <string>

namespace paicha::report {

class ZipPackage {
 public:
  // Entries are stored in the order added ([Content_Types].xml first, as Office expects).
  void add(std::string name, std::string content);
  // The archive; deflate at a fast level (reports are mostly repetitive XML).
  std::string finish();

 private:
  struct Entry {
    std::string name;
    std::string content;
  };
  std::deque<Entry> entries_;  // a deque: contents must not move while libzip holds them
};

}  // namespace paicha::report

#pragma once
// A visitor that checks the reader contract without storing anything.
#include <cstdlib>

#include "sources/document.h"

namespace paicha::sources::fuzzing {

class CheckingVisitor : public TextVisitor {
 public:
  void begin_document(const DocumentInfo&) override {
    if (open_) std::abort();
    open_ = true;
  }
  void text(std::string_view utf8, const Position&, std::string_view field) override {
    if (!open_) std::abort();
    // Touch every byte so sanitizers see out-of-bounds views.
    for (char c : utf8) sum_ += static_cast<unsigned char>(c);
    for (char c : field) sum_ += static_cast<unsigned char>(c);
  }
  void header(const std::vector<std::string>& columns) override {
    if (!open_) std::abort();
    sum_ += columns.size();
  }
  void warning(std::string_view message) override { sum_ += message.size(); }
  void end_document(const DocumentInfo&, const std::optional<std::string>&) override {
    if (!open_) std::abort();
    open_ = false;
  }
  bool open() const { return open_; }

 private:
  bool open_ = false;
  size_t sum_ = 0;
};

inline ReadOptions small_options() {
  ReadOptions options;
  options.chunk_bytes = 4096;
  options.max_line = 256;
  options.max_member_bytes = 1 << 22;
  return options;
}

}  // namespace paicha::sources::fuzzing

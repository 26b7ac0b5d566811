#pragma once
// Where a command writes its result: standard output, or a file created with mode 0600
// (results are confidential: they list weaknesses and personal data, masked or not).
#include <cstdio>
#include <string>

namespace paicha::report {

class Output {
 public:
  explicit Output(const std::string& path);  // "" or "-": standard output
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text);
  std::FILE* stream() { return file_; }
  bool is_terminal() const;
  void close();  // flushes; throws RuntimeError if the data could not be written

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  bool owned_ = false;
};

}  // namespace paicha::report

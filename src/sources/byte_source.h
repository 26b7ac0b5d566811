#pragma once
// Byte streams that the readers consume. A reader never knows whether its bytes come from a
// file, a memory buffer (fuzzing, office parts) or an archive member, so nested archives and
// fuzz targets reuse exactly the code that reads files.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace paicha::sources::detail {

// The input could not be read (I/O error, damaged compressed stream). The message is
// user-facing and already translated.
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  explicit SourceError(std::string_view what) : std::runtime_error(std::string(what)) {}
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `out`; returns 0 only at the end. Throws SourceError.
  virtual size_t read(char* out, size_t n) = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  size_t read(char* out, size_t n) override;

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Reads a file with plain read(2) in the caller's block size: one copy, no transformation.
class FileSource final : public ByteSource {
 public:
  explicit FileSource(const std::string& path);  // throws SourceError naming the path
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  size_t read(char* out, size_t n) override;
  int fd() const { return fd_; }

 private:
  std::string path_;
  int fd_ = -1;
};

// Replays bytes already consumed for sniffing (`prefix`), then continues with `rest`.
class ChainSource final : public ByteSource {
 public:
  ChainSource(std::string prefix, ByteSource& rest) : prefix_(std::move(prefix)), rest_(rest) {}
  size_t read(char* out, size_t n) override;

 private:
  std::string prefix_;
  size_t pos_ = 0;
  ByteSource& rest_;
};

// Reads until `n` bytes or the end; returns how many were read.
size_t read_fully(ByteSource& source, char* out, size_t n);

// Reads everything; throws SourceError when the data is longer than `limit` bytes.
std::string read_all(ByteSource& source, uint64_t limit);

}  // namespace paicha::sources::detail

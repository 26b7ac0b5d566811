#include "sources/byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/i18n.h"

namespace paicha::sources::detail {

size_t MemorySource::read(char* out, size_t n) {
  size_t take = std::min(n, data_.size() - pos_);
  if (take > 0) std::memcpy(out, data_.data() + pos_, take);
  pos_ += take;
  return take;
}

FileSource::FileSource(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    throw SourceError(fmt::format("{} {}: {}", tr("无法打开文件", "cannot open file"), path,
                                  std::strerror(errno)));
  }
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

size_t FileSource::read(char* out, size_t n) {
  for (;;) {
    ssize_t got = ::read(fd_, out, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno == EINTR) continue;
    throw SourceError(fmt::format("{} {}: {}", tr("读取文件出错", "error reading file"), path_,
                                  std::strerror(errno)));
  }
}

size_t ChainSource::read(char* out, size_t n) {
  if (pos_ < prefix_.size()) {
    size_t take = std::min(n, prefix_.size() - pos_);
    std::memcpy(out, prefix_.data() + pos_, take);
    pos_ += take;
    return take;
  }
  return rest_.read(out, n);
}

size_t read_fully(ByteSource& source, char* out, size_t n) {
  size_t total = 0;
  while (total < n) {
    size_t got = source.read(out + total, n - total);
    if (got == 0) break;
    total += got;
  }
  return total;
}

std::string read_all(ByteSource& source, uint64_t limit) {
  std::string data;
  constexpr size_t kBlock = 1 << 16;
  for (;;) {
    size_t old = data.size();
    data.resize(old + kBlock);
    size_t got = source.read(data.data() + old, kBlock);
    data.resize(old + got);
    if (got == 0) break;
    if (data.size() > limit) {
      throw SourceError(fmt::format("{} ({} {})",
                                    tr("内容超过大小上限", "content exceeds the size limit"), limit,
                                    tr("字节", "bytes")));
    }
  }
  return data;
}

}  // namespace paicha::sources::detail

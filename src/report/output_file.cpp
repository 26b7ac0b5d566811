#include "report/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha::report {

Output::Output(const std::string& path) : path_(path) {
  if (path.empty() || path == "-") {
    file_ = stdout;
    return;
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw RuntimeError(fmt::format("{} {}: {}", tr("无法写入输出文件", "cannot write output file"),
                                   path, std::strerror(errno)));
  // An existing file keeps its mode on O_TRUNC; results stay private. Only regular files:
  // `-o /dev/null` must not change the device's mode for everyone.
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ::fchmod(fd, 0600);
  file_ = ::fdopen(fd, "w");
  owned_ = true;
}

Output::~Output() {
  if (owned_ && file_) std::fclose(file_);
}

void Output::write(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), file_);
}

bool Output::is_terminal() const {
  return !owned_ && ::isatty(STDOUT_FILENO) == 1;
}

void Output::close() {
  if (!file_) return;
  bool failed = std::fflush(file_) != 0 || std::ferror(file_);
  if (owned_) {
    failed = std::fclose(file_) != 0 || failed;
    file_ = nullptr;
  }
  if (failed)
    throw RuntimeError(fmt::format("{} {}", tr("写入输出失败", "writing the output failed"),
                                   path_.empty() ? "stdout" : path_));
}

}  // namespace paicha::report

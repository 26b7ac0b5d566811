#include "pii/scan_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

#include "core/i18n.h"
#include "pii/csv_context.h"

namespace paicha::pii {

namespace {

struct FileEntry {
  std::filesystem::path path;
  uint64_t size = 0;
  std::optional<sources::DocumentKind> plain_kind;  // set when split into ranges
  std::vector<uint64_t> bounds;                     // range i is [bounds[i], bounds[i+1])
  std::vector<std::string> header;
  char delimiter = ',';
  std::optional<std::string> walk_error;
};

struct WorkItem {
  size_t file;
  int range;  // -1: the whole file through the readers
};

struct ItemResult {
  std::vector<FileResult> docs;
  uint64_t newlines = 0;
};

class Fd {
 public:
  explicit Fd(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

ssize_t read_at(int fd, char* buffer, size_t size, uint64_t offset) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, buffer + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

// Offset just past the first newline at or after `from`, or `size`.
uint64_t next_line_start(int fd, uint64_t from, uint64_t size) {
  char buffer[64 * 1024];
  while (from < size) {
    ssize_t n = read_at(fd, buffer, sizeof buffer, from);
    if (n <= 0) return size;
    if (const void* nl = std::memchr(buffer, '\n', static_cast<size_t>(n)))
      return from + static_cast<uint64_t>(static_cast<const char*>(nl) - buffer) + 1;
    from += static_cast<uint64_t>(n);
  }
  return size;
}

// Prepares a large plain file for ranges: line-aligned bounds, and the header of a CSV.
void plan_ranges(FileEntry& f, unsigned parts) {
  Fd fd(f.path);
  if (fd.get() < 0) {
    f.plain_kind.reset();
    return;
  }
  uint64_t first = 0;
  if (*f.plain_kind == sources::DocumentKind::csv) {
    first = next_line_start(fd.get(), 0, f.size);
    std::string line(static_cast<size_t>(std::min<uint64_t>(first, 1 << 20)), '\0');
    read_at(fd.get(), line.data(), line.size(), 0);
    f.delimiter = guess_delimiter(line);
    f.header = split_csv_line(line, f.delimiter);
  }
  f.bounds.push_back(first);
  for (unsigned i = 1; i < parts; ++i) {
    uint64_t nominal = first + (f.size - first) * i / parts;
    uint64_t b = next_line_start(fd.get(), nominal, f.size);
    if (b > f.bounds.back() && b < f.size) f.bounds.push_back(b);
  }
  f.bounds.push_back(f.size);
}

// Scans [begin, end) of a plain UTF-8 file in line-aligned blocks.
ItemResult scan_range(const FileEntry& f, size_t range, DocumentScanner& scanner,
                      const ScanOptions& options, ScanProgress* progress) {
  ItemResult result;
  uint64_t begin = f.bounds[range], end = f.bounds[range + 1];
  sources::DocumentInfo info;
  info.path = f.path.string();
  info.kind = *f.plain_kind;
  info.encoding = "utf-8";
  info.bytes = f.size;
  scanner.delimiter = f.delimiter;
  scanner.begin_document(info);
  if (info.kind == sources::DocumentKind::csv) scanner.header(f.header);
  Fd fd(f.path);
  if (fd.get() < 0) {
    scanner.end_document(info, std::string(tr("无法打开文件", "cannot open the file")));
    result.docs = scanner.take_results();
    return result;
  }
  size_t block = std::max<size_t>(options.read.chunk_bytes, 64 * 1024);
  std::string buffer(block, '\0');
  size_t carry = 0;
  uint64_t offset = begin;
  // Line numbers are relative to the range; merge_partial adds the lines before it. The CSV
  // header is line 1 and not part of range 0.
  uint64_t line = (range == 0 && info.kind == sources::DocumentKind::csv) ? 2 : 1;
  std::optional<std::string> failure;
  while (offset < end || carry > 0) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(block - carry, end - offset));
    ssize_t n = want ? read_at(fd.get(), buffer.data() + carry, want, offset) : 0;
    if (n < 0) {
      failure = std::string(tr("读取失败：", "read error: ")) + std::strerror(errno);
      break;
    }
    offset += static_cast<uint64_t>(n);
    size_t filled = carry + static_cast<size_t>(n);
    bool last = offset >= end || n == 0;
    size_t cut = filled;
    if (!last) {
      const char* data = buffer.data();
      size_t nl = std::string_view(data, filled).rfind('\n');
      // A line longer than a block is cut where the block ends.
      cut = nl == std::string_view::npos ? filled : nl + 1;
    }
    std::string_view chunk(buffer.data(), cut);
    if (!chunk.empty()) {
      sources::Position pos;
      pos.line = line;
      scanner.text(chunk, pos, {});
      // Line numbers serve locations only: without them, counting lines is wasted work.
      if (options.detect.locations) {
        uint64_t lines = static_cast<uint64_t>(std::count(chunk.begin(), chunk.end(), '\n'));
        line += lines;
        result.newlines += lines;
      }
    }
    carry = filled - cut;
    if (carry) std::memmove(buffer.data(), buffer.data() + cut, carry);
    if (progress) progress->bytes_done += static_cast<uint64_t>(n);
    if (last && carry == 0) break;
    if (last) {
      sources::Position pos;
      pos.line = line;
      scanner.text(std::string_view(buffer.data(), carry), pos, {});
      break;
    }
  }
  scanner.end_document(info, failure);
  result.docs = scanner.take_results();
  return result;
}

ItemResult scan_whole(const FileEntry& f, DocumentScanner& scanner, const ScanOptions& options,
                      ScanProgress* progress) {
  ItemResult result;
  try {
    sources::read_document(f.path, options.read, scanner);
    result.docs = scanner.take_results();
  } catch (const std::exception& e) {
    result.docs = scanner.take_results();
    FileResult r;
    r.path = f.path.string();
    r.skipped = e.what();
    result.docs.push_back(std::move(r));
  }
  if (progress) progress->bytes_done += f.size;
  return result;
}

}  // namespace

ScanReport scan_paths(const std::vector<std::filesystem::path>& paths, const ScanOptions& options,
                      ScanProgress* progress) {
  auto started = std::chrono::steady_clock::now();
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, threads);

  std::vector<FileEntry> files;
  sources::walk(
      paths, options.read,
      [&](const std::filesystem::path& p) {
        FileEntry f;
        f.path = p;
        std::error_code ec;
        f.size = std::filesystem::file_size(p, ec);
        if (ec) f.size = 0;
        files.push_back(std::move(f));
      },
      [&](const std::filesystem::path& p, std::string_view why) {
        FileEntry f;
        f.path = p;
        f.walk_error = std::string(why);
        files.push_back(std::move(f));
      });

  std::vector<WorkItem> items;
  uint64_t total_bytes = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    auto& f = files[i];
    if (f.walk_error) continue;
    total_bytes += f.size;
    bool small_enough = options.read.max_size == 0 || f.size <= options.read.max_size;
    if (threads > 1 && f.size >= options.split_threshold && small_enough) {
      f.plain_kind = sources::plain_utf8_kind(f.path);
      // Parts of at least 16 MiB, up to eight per thread: a thread that the machine slows
      // down (other work, a slower core) leaves less of the file behind for the rest.
      uint64_t parts = std::clamp<uint64_t>(f.size / (16ull << 20), threads * 2ull, threads * 8ull);
      if (f.plain_kind) plan_ranges(f, static_cast<unsigned>(parts));
    }
    if (f.plain_kind && f.bounds.size() >= 2) {
      for (size_t r = 0; r + 1 < f.bounds.size(); ++r) items.push_back({i, static_cast<int>(r)});
    } else {
      f.plain_kind.reset();
      items.push_back({i, -1});
    }
  }
  if (progress) {
    progress->bytes_total = total_bytes;
    progress->files_total = files.size();
  }

  std::vector<ItemResult> results(items.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    DocumentScanner scanner(options.detect);
    while (true) {
      size_t k = next.fetch_add(1);
      if (k >= items.size()) break;
      const auto& item = items[k];
      const auto& f = files[item.file];
      results[k] = item.range < 0
                       ? scan_whole(f, scanner, options, progress)
                       : scan_range(f, static_cast<size_t>(item.range), scanner, options, progress);
      if (progress && (item.range < 0 || static_cast<size_t>(item.range) + 2 == f.bounds.size()))
        ++progress->files_done;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < items.size(); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  ScanReport report;
  size_t k = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    auto& f = files[i];
    if (f.walk_error) {
      FileResult r;
      r.path = f.path.string();
      r.skipped = f.walk_error;
      report.files.push_back(std::move(r));
      continue;
    }
    if (!f.plain_kind) {
      for (auto& doc : results[k].docs) report.files.push_back(std::move(doc));
      ++k;
      continue;
    }
    FileResult merged;
    uint64_t lines_before = 0;
    for (size_t r = 0; r + 1 < f.bounds.size(); ++r, ++k) {
      auto& part = results[k];
      if (part.docs.empty()) continue;
      if (r == 0) {
        merged = std::move(part.docs[0]);
        // Range 0 of a CSV starts after the header line.
        lines_before = part.newlines + (f.header.empty() ? 0 : 1);
        continue;
      }
      if (part.docs[0].skipped && !merged.skipped) merged.skipped = part.docs[0].skipped;
      merge_partial(merged, std::move(part.docs[0]), lines_before, options.detect);
      lines_before += part.newlines;
    }
    report.files.push_back(std::move(merged));
  }
  for (const auto& r : report.files) {
    report.totals += r.counts;
    if (!r.skipped) report.bytes += r.bytes;
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace paicha::pii

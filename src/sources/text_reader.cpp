// Plain text (also logs, SQL dumps, XML): the hot path for the detector, so bytes are handed
// through in big blocks straight from read(2) without copies or per-line calls.
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "core/i18n.h"
#include "sources/encoding.h"
#include "sources/reader.h"

namespace paicha::sources::detail {
namespace {

// Counts '\n' eight bytes at a time (SWAR); this runs over every byte of every text file.
uint64_t count_newlines(std::string_view data) {
  const char* p = data.data();
  size_t n = data.size(), i = 0;
  uint64_t total = 0;
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7full;
  while (i + 8 <= n) {
    uint64_t sums = 0;  // per-byte counters, at most 255 rounds before they could overflow
    size_t rounds = std::min<size_t>((n - i) / 8, 255);
    for (size_t r = 0; r < rounds; ++r, i += 8) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      uint64_t x = word ^ (kOnes * '\n');
      uint64_t zero = ~(((x & kLow7) + kLow7) | x) & kHigh;  // exact: high bit per zero byte
      sums += zero >> 7;
    }
    total += (sums * kOnes) >> 56;
  }
  for (; i < n; ++i) total += p[i] == '\n';
  return total;
}

class LineEmitter {
 public:
  LineEmitter(const ReadContext& ctx, uint64_t first_line)
      : visitor_(ctx.visitor),
        max_line_(std::max<size_t>(ctx.options.max_line, 16)),
        line_(first_line) {}

  // `region` ends with '\n' or is the end of the input.
  void emit_lines(std::string_view region) {
    if (region.size() <= max_line_) {
      send(region);
      in_long_line_ = false;
      line_ += count_newlines(region);
      return;
    }
    // Some line in here may be over-long: walk the lines, sending runs of normal ones whole.
    size_t run_start = 0;
    uint64_t run_line = line_;
    size_t pos = 0;
    while (pos < region.size()) {
      const void* nl = std::memchr(region.data() + pos, '\n', region.size() - pos);
      size_t end = nl ? static_cast<const char*>(nl) - region.data() + 1 : region.size();
      if (end - pos > max_line_) {
        send(region.substr(run_start, pos - run_start), run_line);
        emit_long(region.substr(pos, end - pos));
        run_start = end;
        run_line = line_ + 1;
      }
      if (nl) ++line_;
      in_long_line_ = false;
      pos = end;
    }
    send(region.substr(run_start), run_line);
  }

  size_t max_line() const { return max_line_; }

  // A piece of a line that did not fit the buffer; returns how many bytes were consumed.
  size_t emit_partial(std::string_view data) {
    size_t piece = utf8_cut(data, max_line_);
    report_long();
    send(data.substr(0, piece));
    return piece;
  }

 private:
  void emit_long(std::string_view line) {
    while (!line.empty()) line.remove_prefix(emit_partial(line));
  }

  void report_long() {
    if (in_long_line_) return;
    in_long_line_ = true;
    visitor_.warning(fmt::format(fmt::runtime(tr("第 {} 行超过 {} 字节，已截断分段读取",
                                                 "line {} is longer than {} bytes; it was cut")),
                                 line_, max_line_));
  }

  void send(std::string_view text) { send(text, line_); }
  void send(std::string_view text, uint64_t line) {
    if (text.empty()) return;
    Position pos;
    pos.line = line;
    visitor_.text(text, pos, {});
  }

  TextVisitor& visitor_;
  size_t max_line_;
  uint64_t line_;
  bool in_long_line_ = false;
};

}  // namespace

void stream_lines(ByteSource& utf8, const ReadContext& ctx, uint64_t first_line) {
  const size_t chunk_bytes = std::max(ctx.options.chunk_bytes, static_cast<size_t>(4096));
  LineEmitter emitter(ctx, first_line);
  // The buffer holds chunk_bytes, and grows up to max_line only while a longer line is seen.
  size_t target = chunk_bytes;
  std::unique_ptr<char[]> buffer(new char[target]);  // uninitialised on purpose
  size_t capacity = target;
  size_t len = 0;
  bool eof = false;
  for (;;) {
    while (!eof && len < target) {
      size_t got = utf8.read(buffer.get() + len, target - len);
      if (got == 0) eof = true;
      len += got;
    }
    if (len == 0) return;
    std::string_view data(buffer.get(), len);
    const void* last_nl = ::memrchr(buffer.get(), '\n', len);
    size_t consumed;
    if (last_nl) {
      consumed = static_cast<const char*>(last_nl) - buffer.get() + 1;
      emitter.emit_lines(data.substr(0, consumed));
      target = chunk_bytes;
    } else if (eof) {
      consumed = len;
      emitter.emit_lines(data);
    } else if (target < emitter.max_line()) {
      // A line longer than a chunk but within max_line: make room to deliver it whole.
      target = std::min(emitter.max_line(), target * 2);
      if (target > capacity) {
        std::unique_ptr<char[]> bigger(new char[target]);
        std::memcpy(bigger.get(), buffer.get(), len);
        buffer = std::move(bigger);
        capacity = target;
      }
      continue;
    } else {
      // A full buffer without a newline: send it in max_line pieces, keep the unfinished rest.
      consumed = 0;
      do {
        consumed += emitter.emit_partial(data.substr(consumed));
      } while (len - consumed >= emitter.max_line());
    }
    len -= consumed;
    if (len > 0) std::memmove(buffer.get(), buffer.get() + consumed, len);
  }
}

}  // namespace paicha::sources::detail

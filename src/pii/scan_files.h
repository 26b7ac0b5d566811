#pragma once
// Scans files and folders for personal data on several threads: whole files in parallel, and
// large plain UTF-8 text/CSV files split into line-aligned ranges across threads.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "pii/scan_result.h"
#include "pii/scanner.h"
#include "sources/document.h"

namespace paicha::pii {

struct ScanOptions {
  sources::ReadOptions read;
  DetectOptions detect;
  unsigned threads = 0;                           // 0: one per core
  uint64_t split_threshold = uint64_t{32} << 20;  // plain files above this are split
};

// Counters a progress display may poll from another thread.
struct ScanProgress {
  std::atomic<uint64_t> bytes_total{0};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<uint64_t> files_total{0};
  std::atomic<uint64_t> files_done{0};
};

// Never throws for unreadable content: such files become entries with `skipped` set.
ScanReport scan_paths(const std::vector<std::filesystem::path>& paths, const ScanOptions& options,
                      ScanProgress* progress = nullptr);

}  // namespace paicha::pii

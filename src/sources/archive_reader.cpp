// Archives through libarchive (.zip .tar .tar.gz .tgz .gz, also bz2/xz/7z): every member is
// read as a document of its own, streaming, so nested archives need no temporary files.
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

#include <fmt/format.h>

#include "core/i18n.h"
#include "sources/reader.h"

namespace paicha::sources::detail {
namespace {

constexpr size_t kReadBlock = 1 << 18;

struct Feed {
  ByteSource& source;
  std::unique_ptr<char[]> block{new char[kReadBlock]};
};

la_ssize_t feed_read(struct archive* a, void* opaque, const void** out) {
  auto* feed = static_cast<Feed*>(opaque);
  try {
    *out = feed->block.get();
    return static_cast<la_ssize_t>(feed->source.read(feed->block.get(), kReadBlock));
  } catch (const std::exception& e) {
    archive_set_error(a, EIO, "%s", e.what());
    return -1;
  }
}

// One member's data, with the bomb guard.
class MemberSource final : public ByteSource {
 public:
  MemberSource(struct archive* a, uint64_t limit) : archive_(a), limit_(limit) {}
  size_t read(char* out, size_t n) override {
    la_ssize_t got = archive_read_data(archive_, out, n);
    if (got < 0) {
      damaged_ = true;
      throw SourceError(fmt::format("{}: {}", tr("压缩包成员损坏", "damaged archive member"),
                                    archive_error_string(archive_)));
    }
    total_ += static_cast<uint64_t>(got);
    if (total_ > limit_) {
      bomb_ = true;
      throw SourceError(fmt::format(
          fmt::runtime(tr("解压后超过 {} 字节（压缩炸弹防护）",
                          "more than {} bytes uncompressed (decompression-bomb guard)")),
          limit_));
    }
    return static_cast<size_t>(got);
  }
  bool bomb() const { return bomb_; }
  bool damaged() const { return damaged_; }

 private:
  struct archive* archive_;
  uint64_t limit_;
  uint64_t total_ = 0;
  bool bomb_ = false;
  bool damaged_ = false;
};

// A bare "x.log.gz" has no member names: call the member "x.log".
std::string raw_member_name(const std::string& archive_path) {
  std::string base = archive_path.substr(archive_path.find_last_of("/!") + 1);
  for (std::string_view suffix : {".gz", ".bz2", ".xz", ".zst", ".lz4", ".z"}) {
    if (base.size() > suffix.size() && base.ends_with(suffix)) {
      return base.substr(0, base.size() - suffix.size());
    }
  }
  return base.empty() ? "data" : base;
}

using ArchivePtr = std::unique_ptr<struct archive, decltype(&archive_read_free)>;

}  // namespace

std::optional<std::string> read_archive(ByteSource& raw, const std::string& archive_path,
                                        const ReadContext& ctx) {
  ArchivePtr a(archive_read_new(), &archive_read_free);
  archive_read_support_filter_all(a.get());
  // Not format_all: its mtree reader takes plain text lines for file names, so a gzipped
  // log would turn into empty "members" named after its lines.
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_format_7zip(a.get());
  archive_read_support_format_cpio(a.get());
  archive_read_support_format_rar(a.get());
  archive_read_support_format_rar5(a.get());
  archive_read_support_format_cab(a.get());
  archive_read_support_format_iso9660(a.get());
  archive_read_support_format_raw(a.get());  // bids last: only for bare compressed files
  Feed feed{raw};
  if (archive_read_open(a.get(), &feed, nullptr, feed_read, nullptr) != ARCHIVE_OK) {
    throw SourceError(fmt::format("{}: {}",
                                  tr("压缩包损坏或无法识别", "damaged or unknown archive"),
                                  archive_error_string(a.get())));
  }
  ReadContext member_ctx{ctx.options, ctx.visitor, ctx.enclosing_archives + 1};
  size_t members = 0;
  for (;;) {
    struct archive_entry* entry = nullptr;
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      std::string why = archive_error_string(a.get()) ? archive_error_string(a.get()) : "?";
      std::string reason = fmt::format("{}: {}", tr("压缩包损坏", "damaged archive"), why);
      if (members == 0) throw SourceError(reason);
      return fmt::format(
          fmt::runtime(tr("{}（已读取前 {} 个成员）", "{} (read the first {} members)")), reason,
          members);
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    ++members;
    std::string name;
    if (archive_format(a.get()) == ARCHIVE_FORMAT_RAW) {
      name = raw_member_name(archive_path);
    } else {
      const char* path = archive_entry_pathname_utf8(entry);
      if (!path) path = archive_entry_pathname(entry);
      name = path ? path : "?";
    }
    DocumentInfo info;
    info.path = archive_path + "!" + name;
    info.bytes =
        archive_entry_size_is_set(entry) ? static_cast<uint64_t>(archive_entry_size(entry)) : 0;
    if (info.bytes > ctx.options.max_member_bytes) {
      info.kind = sniff_kind(info.path, {});
      ctx.visitor.begin_document(info);
      ctx.visitor.end_document(
          info, fmt::format(fmt::runtime(tr("成员大小 {} 字节超过上限 {}（压缩炸弹防护）",
                                            "member of {} bytes exceeds the limit of {} "
                                            "(decompression-bomb guard)")),
                            info.bytes, ctx.options.max_member_bytes));
      continue;
    }
    MemberSource member(a.get(), ctx.options.max_member_bytes);
    read_stream(member, info, member_ctx);
    if (member.bomb()) {
      return std::string(tr("成员解压后超过上限，停止读取该压缩包（压缩炸弹防护）",
                            "a member exceeded the size limit; stopped reading this archive "
                            "(decompression-bomb guard)"));
    }
  }
  return std::nullopt;
}

}  // namespace paicha::sources::detail

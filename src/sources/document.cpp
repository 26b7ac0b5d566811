// read_document(): sniffs each document and hands it to the reader for its kind.
#include "sources/document.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "core/i18n.h"
#include "sources/encoding.h"
#include "sources/reader.h"

namespace paicha::sources {

std::string_view to_string(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::text:
      return "text";
    case DocumentKind::csv:
      return "csv";
    case DocumentKind::json:
      return "json";
    case DocumentKind::xlsx:
      return "xlsx";
    case DocumentKind::docx:
      return "docx";
    case DocumentKind::pptx:
      return "pptx";
    case DocumentKind::pdf:
      return "pdf";
    case DocumentKind::archive:
      return "archive";
    case DocumentKind::binary:
      return "binary";
  }
  return "unknown";
}

namespace detail {
namespace {

constexpr size_t kHeadBytes = 64 * 1024;

class CountingSource final : public ByteSource {
 public:
  explicit CountingSource(ByteSource& inner) : inner_(inner) {}
  size_t read(char* out, size_t n) override {
    size_t got = inner_.read(out, n);
    total_ += got;
    return got;
  }
  uint64_t total() const { return total_; }

 private:
  ByteSource& inner_;
  uint64_t total_ = 0;
};

std::string read_head(ByteSource& source) {
  std::string head(kHeadBytes, '\0');
  head.resize(read_fully(source, head.data(), head.size()));
  return head;
}

bool tab_separated_name(std::string_view path) {
  return path.ends_with(".tsv") || path.ends_with(".TSV") || path.ends_with(".tab");
}

std::string binary_reason() {
  return std::string(tr("二进制文件，不是文本，已跳过", "binary file, not text; skipped"));
}

// Text-shaped kinds: decode to UTF-8 (dropping the BOM) and read.
void read_text_kind(ByteSource& rest, std::string head, const EncodingGuess& guess,
                    DocumentInfo& info, const ReadContext& ctx) {
  ChainSource raw(head.substr(guess.bom_bytes), rest);
  std::unique_ptr<Utf8DecodingSource> decoder;
  ByteSource* utf8 = &raw;
  if (guess.name != "utf-8" && guess.name != "ascii") {
    decoder = std::make_unique<Utf8DecodingSource>(guess.name, raw);
    utf8 = decoder.get();
  }
  switch (info.kind) {
    case DocumentKind::csv:
      read_csv(*utf8, tab_separated_name(info.path), ctx);
      break;
    case DocumentKind::json:
      read_json(*utf8, ctx);
      break;
    default:
      stream_lines(*utf8, ctx, 1);
      break;
  }
  if (decoder && decoder->invalid_sequences() > 0) {
    ctx.visitor.warning(fmt::format(
        fmt::runtime(tr("有 {} 处字节不符合 {} 编码，已替换为 U+FFFD",
                        "{} byte sequences were invalid in {} and replaced with U+FFFD")),
        decoder->invalid_sequences(), guess.name));
  }
}

}  // namespace

void read_stream(ByteSource& raw, DocumentInfo info, const ReadContext& ctx) {
  TextVisitor& visitor = ctx.visitor;
  CountingSource counted(raw);
  std::optional<std::string> skipped;
  bool begun = false;
  auto begin = [&] {
    if (!begun) visitor.begin_document(info);
    begun = true;
  };
  try {
    std::string head = read_head(counted);
    bool complete = head.size() < kHeadBytes;
    info.kind = sniff_kind(info.path, head);
    switch (info.kind) {
      case DocumentKind::archive:
        // Members are reported as documents of their own before the archive itself, so
        // visitors never see nested begin/end pairs.
        if (ctx.enclosing_archives + 1 > ctx.options.max_archive_depth) {
          skipped = fmt::format(fmt::runtime(tr("压缩包嵌套超过 {} 层，已跳过",
                                                "archive nested deeper than {} levels; skipped")),
                                ctx.options.max_archive_depth);
        } else {
          ChainSource all(std::move(head), counted);
          skipped = read_archive(all, info.path, ctx);
        }
        break;
      case DocumentKind::binary:
        skipped = binary_reason();
        break;
      case DocumentKind::xlsx:
      case DocumentKind::docx:
      case DocumentKind::pptx:
      case DocumentKind::pdf: {
        begin();
        ChainSource all(std::move(head), counted);
        std::string data = read_all(all, ctx.options.max_member_bytes);
        if (info.kind == DocumentKind::pdf)
          read_pdf(data, ctx);
        else
          read_office(data, info.kind, ctx);
        break;
      }
      default: {
        EncodingGuess guess = detect_encoding(head, complete);
        if (guess.binary) {
          info.kind = DocumentKind::binary;
          skipped = binary_reason();
          break;
        }
        info.encoding = guess.name;
        begin();
        read_text_kind(counted, std::move(head), guess, info, ctx);
        break;
      }
    }
  } catch (const SourceError& e) {
    skipped = e.what();
  } catch (const std::exception& e) {
    skipped = fmt::format("{}: {}", tr("读取出错", "read error"), e.what());
  }
  if (info.bytes == 0) info.bytes = counted.total();
  begin();
  visitor.end_document(info, skipped);
}

void read_buffer(std::string_view data, const std::string& name, const ReadOptions& options,
                 TextVisitor& visitor) {
  MemorySource source(data);
  DocumentInfo info;
  info.path = name;
  info.bytes = data.size();
  read_stream(source, info, ReadContext{options, visitor, 0});
}

}  // namespace detail

void read_document(const std::filesystem::path& file, const ReadOptions& options,
                   TextVisitor& visitor) {
  DocumentInfo info;
  info.path = file.string();
  auto skip = [&](std::string reason) {
    info.kind = detail::sniff_kind(info.path, {});
    visitor.begin_document(info);
    visitor.end_document(info, reason);
  };
  struct stat st;
  if (::stat(info.path.c_str(), &st) != 0) {
    skip(fmt::format("{}: {}", tr("无法访问", "cannot access"), std::strerror(errno)));
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    skip(std::string(tr("不是普通文件，已跳过", "not a regular file; skipped")));
    return;
  }
  info.bytes = static_cast<uint64_t>(st.st_size);
  if (options.max_size > 0 && info.bytes > options.max_size) {
    skip(fmt::format(fmt::runtime(tr("文件大小 {} 字节超过 --max-size {}，已跳过",
                                     "file of {} bytes is over --max-size {}; skipped")),
                     info.bytes, options.max_size));
    return;
  }
  std::unique_ptr<detail::FileSource> source;
  try {
    source = std::make_unique<detail::FileSource>(info.path);
  } catch (const detail::SourceError& e) {
    skip(e.what());
    return;
  }
  detail::read_stream(*source, info, detail::ReadContext{options, visitor, 0});
}

std::optional<DocumentKind> plain_utf8_kind(const std::filesystem::path& file) {
  try {
    detail::FileSource source(file.string());
    std::string head = detail::read_head(source);
    DocumentKind kind = detail::sniff_kind(file.string(), head);
    if (kind != DocumentKind::text && kind != DocumentKind::csv) return std::nullopt;
    auto guess = detail::detect_encoding(head, head.size() < detail::kHeadBytes);
    if (guess.binary || guess.bom_bytes != 0) return std::nullopt;
    if (guess.name != "utf-8" && guess.name != "ascii") return std::nullopt;
    return kind;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace paicha::sources

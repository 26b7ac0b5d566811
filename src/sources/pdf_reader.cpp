// PDF text layer through poppler-cpp, one text() per page with Position.page.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>

#include "core/i18n.h"
#include "sources/reader.h"

namespace paicha::sources::detail {
namespace {

// poppler prints parser complaints to stderr; damaged PDFs are reported through the visitor.
void silence_poppler(const std::string&, void*) {}

}  // namespace

void read_pdf(std::string_view pdf_bytes, const ReadContext& ctx) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(silence_poppler, nullptr); });
  if (pdf_bytes.size() > static_cast<size_t>(INT_MAX)) {
    throw SourceError(std::string(tr("PDF 过大（超过 2 GiB）", "PDF too large (over 2 GiB)")));
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf_bytes.data(), static_cast<int>(pdf_bytes.size())));
  if (!doc)
    throw SourceError(std::string(tr("PDF 文件损坏，无法解析", "damaged PDF, cannot be parsed")));
  if (doc->is_locked()) {
    throw SourceError(
        std::string(tr("PDF 已加密，无法读取文本", "encrypted PDF, text cannot be read")));
  }
  int pages = doc->pages();
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 = page->text().to_utf8();
    if (utf8.empty()) continue;
    Position pos;
    pos.page = static_cast<uint32_t>(i + 1);
    ctx.visitor.text(std::string_view(utf8.data(), utf8.size()), pos, {});
  }
}

}  // namespace paicha::sources::detail

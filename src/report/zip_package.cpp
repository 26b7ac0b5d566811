#include "report/zip_package.h"

#include <fmt/format.h>
#include <zip.h>

#include <memory>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha::report {

namespace {

[[noreturn]] void fail(std::string_view what, zip_error_t* error) {
  throw RuntimeError(fmt::format("{} ({}): {}", tr("生成压缩包失败", "building the archive failed"),
                                 what, zip_error_strerror(error)));
}

}  // namespace

void ZipPackage::add(std::string name, std::string content) {
  entries_.push_back({std::move(name), std::move(content)});
}

std::string ZipPackage::finish() {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) fail("buffer", &error);
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, zip_source_free);
  zip_source_keep(buffer);  // zip_close() must not free it: the archive is read back below
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) {
    zip_source_free(buffer);  // the reference zip_open_from_source() did not take over
    fail("open", &error);
  }
  for (const auto& entry : entries_) {
    zip_source_t* source =
        zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
    const zip_int64_t index =
        source ? zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      std::string message = zip_strerror(archive);
      zip_discard(archive);
      throw RuntimeError(fmt::format(
          "{} {}: {}", tr("生成压缩包失败", "building the archive failed"), entry.name, message));
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
  }
  if (zip_close(archive) != 0) {
    std::string message = zip_strerror(archive);
    zip_discard(archive);
    throw RuntimeError(
        fmt::format("{}: {}", tr("生成压缩包失败", "building the archive failed"), message));
  }
  entries_.clear();

  if (zip_source_open(buffer) != 0) fail("read", zip_source_error(buffer));
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string bytes(size > 0 ? static_cast<size_t>(size) : 0, '\0');
  const zip_int64_t read = zip_source_read(buffer, bytes.data(), bytes.size());
  zip_source_close(buffer);
  if (read != size) fail("read", zip_source_error(buffer));
  return bytes;
}

}  // namespace paicha::report

#include "pii/mask_file.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

#include "core/errors.h"
#include "core/i18n.h"
#include "pii/csv_context.h"
#include "pii/mask.h"
#include "pii/matcher.h"
#include "sources/encoding.h"

namespace paicha::pii {

namespace {

class Converter {
 public:
  Converter(const std::string& to, const std::string& from, const std::filesystem::path& file)
      : cd_(iconv_open(to.c_str(), from.c_str())) {
    if (cd_ == reinterpret_cast<iconv_t>(-1))
      throw RuntimeError(file.string() + ": " +
                         std::string(tr("不支持的编码 ", "unsupported encoding ")) + from);
  }
  ~Converter() { iconv_close(cd_); }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  // Whole lines in, whole lines out; an invalid byte is copied through unchanged on input.
  std::string convert(std::string_view in) {
    std::string out(in.size() * 2 + 16, '\0');
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    size_t done = 0;
    while (src_left > 0) {
      char* dst = out.data() + done;
      size_t dst_left = out.size() - done;
      size_t rc = iconv(cd_, &src, &src_left, &dst, &dst_left);
      done = out.size() - dst_left;
      if (rc != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
      } else {  // EILSEQ / EINVAL: keep the byte as it is and go on
        if (done == out.size()) out.resize(out.size() * 2);
        out[done++] = *src++;
        --src_left;
      }
    }
    out.resize(done);
    return out;
  }

 private:
  iconv_t cd_;
};

struct MaskContext {
  TypeSet types;
  bool csv = false;
  char delimiter = ',';
  std::vector<std::optional<PiiType>> column_types;
  bool context_columns = false;
  MatchSession session;
  std::vector<Match> matches;
};

std::string mask_block(std::string_view text, MaskContext& ctx, TypeCounts* counts) {
  ctx.matches.clear();
  ctx.session.find(text, ctx.types, ctx.matches);
  if (ctx.csv && ctx.context_columns) {
    add_csv_context_matches(text, ctx.delimiter, ctx.column_types, ctx.types, ctx.matches);
    resolve_overlaps(ctx.matches);
  }
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const auto& m : ctx.matches) {
    out.append(text.substr(pos, m.begin - pos));
    out += mask_value(m.type, text.substr(m.begin, m.end - m.begin));
    pos = m.end;
    if (counts) ++(*counts)[m.type];
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

std::string mask_text(std::string_view text, TypeSet types, TypeCounts* counts) {
  MaskContext ctx;
  ctx.types = types;
  return mask_block(text, ctx, counts);
}

MaskResult mask_file(const std::filesystem::path& input, TypeSet types,
                     const std::function<void(std::string_view)>& write) {
  std::ifstream in(input, std::ios::binary);
  if (!in)
    throw RuntimeError(input.string() + ": " + tr("无法打开文件", "cannot open the file").data() +
                       " (" + std::strerror(errno) + ")");
  MaskResult result;
  MaskContext ctx;
  ctx.types = types;
  std::string ext = input.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  ctx.csv = ext == ".csv" || ext == ".tsv";

  constexpr size_t kBlock = 1 << 20;
  std::string buffer(kBlock, '\0');
  size_t carry = 0;
  bool first = true;
  std::optional<Converter> to_utf8, from_utf8;
  std::string bom;
  while (true) {
    in.read(buffer.data() + carry, static_cast<std::streamsize>(buffer.size() - carry));
    size_t filled = carry + static_cast<size_t>(in.gcount());
    bool last = in.eof() || in.gcount() == 0;
    if (in.bad()) throw RuntimeError(input.string() + ": " + tr("读取失败", "read error").data());
    result.bytes_in += static_cast<uint64_t>(in.gcount());
    std::string_view data(buffer.data(), filled);
    if (first) {
      auto guess = sources::detail::detect_encoding(data, last);
      if (guess.binary)
        throw RuntimeError(input.string() + ": " +
                           tr("不是文本文件，无法脱敏", "not a text file, cannot mask it").data());
      result.encoding = guess.name;
      bom = std::string(data.substr(0, guess.bom_bytes));
      write(bom);
      data.remove_prefix(guess.bom_bytes);
      if (guess.name != "utf-8" && guess.name != "ascii") {
        if (guess.name.starts_with("utf-16") || guess.name.starts_with("utf-32"))
          throw RuntimeError(
              input.string() + ": " +
              tr("暂不支持对 UTF-16 文件脱敏", "masking UTF-16 files is not supported").data());
        to_utf8.emplace("UTF-8", guess.name, input);
        from_utf8.emplace(guess.name, "UTF-8", input);
      }
    }
    size_t cut = data.size();
    if (!last) {
      size_t nl = data.rfind('\n');
      cut = nl == std::string_view::npos ? data.size() : nl + 1;
    }
    std::string_view raw = data.substr(0, cut);
    std::string utf8 = to_utf8 ? to_utf8->convert(raw) : std::string(raw);
    std::string_view text = utf8;
    if (first && ctx.csv) {
      size_t nl = text.find('\n');
      std::string_view header = text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
      ctx.delimiter = guess_delimiter(header);
      ctx.context_columns =
          classify_columns(split_csv_line(header, ctx.delimiter), types, ctx.column_types);
      std::string head(header);
      write(from_utf8 ? from_utf8->convert(head) : head);
      text.remove_prefix(header.size());
    }
    std::string masked = mask_block(text, ctx, &result.masked);
    write(from_utf8 ? from_utf8->convert(masked) : masked);
    size_t consumed = static_cast<size_t>(data.data() - buffer.data()) + cut;
    carry = filled - consumed;
    if (carry) std::memmove(buffer.data(), buffer.data() + consumed, carry);
    first = false;
    if (last && carry == 0) break;
    if (last) {  // no newline in a full block: pass the rest on as it is, masked
      std::string rest(buffer.data(), carry);
      std::string u = to_utf8 ? to_utf8->convert(rest) : rest;
      std::string m = mask_block(u, ctx, &result.masked);
      write(from_utf8 ? from_utf8->convert(m) : m);
      break;
    }
  }
  return result;
}

}  // namespace paicha::pii

// Office Open XML (xlsx, docx, pptx): a zip of XML parts, read with libzip and pugixml.
// Element names are compared without their namespace prefix, since producers differ
// ("x:c" vs "c").
#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/i18n.h"
#include "sources/reader.h"

namespace paicha::sources::detail {
namespace {

constexpr uint64_t kMaxPartBytes = 512ull << 20;  // one XML part held in memory at a time

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Depth-first walk without recursion (hostile documents can nest arbitrarily deep).
template <typename Enter, typename Leave>
void walk_elements(const pugi::xml_node& root, Enter&& enter, Leave&& leave) {
  pugi::xml_node node = root.first_child();
  while (node && node != root) {
    bool descend = node.type() == pugi::node_element && enter(node);
    if (descend && node.first_child()) {
      node = node.first_child();
      continue;
    }
    if (node.type() == pugi::node_element && descend) leave(node);
    while (node != root && !node.next_sibling()) {
      node = node.parent();
      if (node != root && node.type() == pugi::node_element) leave(node);
    }
    if (node == root) break;
    node = node.next_sibling();
  }
}

// All text of <t> elements under `node`, skipping phonetic runs (<rPh>).
std::string collect_t(const pugi::xml_node& node) {
  std::string text;
  walk_elements(
      node,
      [&](const pugi::xml_node& n) {
        std::string_view name = local_name(n);
        if (name == "rPh") return false;
        if (name == "t") text += n.text().get();
        return true;
      },
      [](const pugi::xml_node&) {});
  return text;
}

class Package {
 public:
  Package(std::string_view bytes, const ReadContext& ctx) : ctx_(ctx) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source) {
      zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (!zip_) zip_source_free(source);
    }
    if (!zip_) {
      std::string reason = zip_error_strerror(&error);
      zip_error_fini(&error);
      throw SourceError(fmt::format(
          "{}: {}",
          tr("Office 文件损坏（ZIP 无法打开）", "damaged Office file (cannot open the zip)"),
          reason));
    }
    zip_error_fini(&error);
  }
  ~Package() {
    if (zip_) zip_discard(zip_);
  }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    zip_int64_t count = zip_get_num_entries(zip_, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      const char* name = zip_get_name(zip_, static_cast<zip_uint64_t>(i), 0);
      if (name) out.emplace_back(name);
    }
    return out;
  }

  // Parses one part; false (with a warning for damage, silently when absent) if unusable.
  bool load(const std::string& name, pugi::xml_document& doc) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip_, name.c_str(), 0, &st) != 0) return false;
    uint64_t limit = std::min<uint64_t>(kMaxPartBytes, ctx_.options.max_member_bytes);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) {
      warn(name, tr("部件过大，已跳过", "part too large, skipped"));
      return false;
    }
    zip_file_t* file = zip_fopen(zip_, name.c_str(), 0);
    if (!file) {
      warn(name, zip_strerror(zip_));
      return false;
    }
    std::string data;
    char block[1 << 16];
    bool ok = true;
    for (;;) {
      zip_int64_t got = zip_fread(file, block, sizeof block);
      if (got < 0) {
        warn(name, zip_file_strerror(file));
        ok = false;
        break;
      }
      if (got == 0) break;
      data.append(block, static_cast<size_t>(got));
      if (data.size() > limit) {
        warn(name, tr("部件过大，已跳过", "part too large, skipped"));
        ok = false;
        break;
      }
    }
    zip_fclose(file);
    if (!ok) return false;
    auto result =
        doc.load_buffer(data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!result) {
      warn(name, result.description());
      return false;
    }
    return true;
  }

 private:
  void warn(const std::string& part, std::string_view why) {
    ctx_.visitor.warning(
        fmt::format("{} {}: {}", tr("无法读取部件", "cannot read part"), part, why));
  }

  const ReadContext& ctx_;
  zip_t* zip_ = nullptr;
};

// Numbered parts ("ppt/slides/slide12.xml") in numeric order.
std::vector<std::pair<unsigned, std::string>> numbered_parts(const std::vector<std::string>& names,
                                                             const std::string& prefix,
                                                             const std::string& suffix) {
  std::vector<std::pair<unsigned, std::string>> parts;
  for (const auto& name : names) {
    if (!name.starts_with(prefix) || !name.ends_with(suffix)) continue;
    std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (middle.empty() || middle.size() > 6 ||
        !std::all_of(middle.begin(), middle.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    parts.emplace_back(static_cast<unsigned>(std::stoul(middle)), name);
  }
  std::sort(parts.begin(), parts.end());
  return parts;
}

// ---- xlsx ----

// "B7" -> column 1 (0-based); returns -1 when the reference has no letters.
int column_of(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && i < 4 && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
  }
  return i == 0 ? -1 : col - 1;
}

std::string column_letters(int col) {
  std::string letters;
  for (++col; col > 0; col = (col - 1) / 26) letters.insert(letters.begin(), 'A' + (col - 1) % 26);
  return letters;
}

struct Sheet {
  std::string name;
  std::string part;
};

std::vector<Sheet> list_sheets(Package& package, const std::vector<std::string>& names) {
  std::map<std::string, std::string> targets;  // relationship id -> part
  pugi::xml_document rels;
  if (package.load("xl/_rels/workbook.xml.rels", rels)) {
    walk_elements(
        rels,
        [&](const pugi::xml_node& n) {
          if (local_name(n) == "Relationship") {
            std::string target = n.attribute("Target").value();
            target = target.starts_with("/") ? target.substr(1) : "xl/" + target;
            targets[n.attribute("Id").value()] = target;
          }
          return true;
        },
        [](const pugi::xml_node&) {});
  }
  std::vector<Sheet> sheets;
  pugi::xml_document workbook;
  if (package.load("xl/workbook.xml", workbook)) {
    walk_elements(
        workbook,
        [&](const pugi::xml_node& n) {
          if (local_name(n) != "sheet") return true;
          std::string rid;
          for (auto attribute : n.attributes()) {
            std::string_view attr = attribute.name();
            if (attr == "r:id" || attr.ends_with(":id")) rid = attribute.value();
          }
          auto it = targets.find(rid);
          if (it != targets.end()) sheets.push_back({n.attribute("name").value(), it->second});
          return false;
        },
        [](const pugi::xml_node&) {});
  }
  if (sheets.empty()) {  // no usable workbook: read the worksheet parts in order
    for (auto& [number, part] : numbered_parts(names, "xl/worksheets/sheet", ".xml")) {
      sheets.push_back({fmt::format("Sheet{}", number), part});
    }
  }
  return sheets;
}

std::vector<std::string> load_shared_strings(Package& package) {
  std::vector<std::string> strings;
  pugi::xml_document doc;
  if (!package.load("xl/sharedStrings.xml", doc)) return strings;
  for (auto root = doc.first_child(); root; root = root.next_sibling()) {
    if (local_name(root) != "sst") continue;
    for (auto si = root.first_child(); si; si = si.next_sibling()) {
      if (local_name(si) == "si") strings.push_back(collect_t(si));
    }
  }
  return strings;
}

struct Cell {
  int column;
  std::string ref;
  std::string value;
};

std::vector<Cell> read_row(const pugi::xml_node& row, const std::vector<std::string>& shared,
                           uint64_t row_number) {
  std::vector<Cell> cells;
  int next_column = 0;
  for (auto c = row.first_child(); c; c = c.next_sibling()) {
    if (local_name(c) != "c") continue;
    std::string ref = c.attribute("r").value();
    int column = column_of(ref);
    if (column < 0) {
      column = next_column;
      ref = column_letters(column) + std::to_string(row_number);
    }
    next_column = column + 1;
    std::string_view type = c.attribute("t").value();
    std::string value;
    if (type == "b" || type == "e") continue;  // booleans and error codes hold no text
    for (auto child = c.first_child(); child; child = child.next_sibling()) {
      std::string_view name = local_name(child);
      if (type == "inlineStr" && name == "is") value = collect_t(child);
      if (name == "v") value = child.text().get();
    }
    if (type == "s") {
      char* end = nullptr;
      unsigned long index = std::strtoul(value.c_str(), &end, 10);
      value = (end != value.c_str() && index < shared.size()) ? shared[index] : std::string();
    }
    if (!value.empty()) cells.push_back({column, std::move(ref), std::move(value)});
  }
  return cells;
}

void read_sheet(const pugi::xml_node& root, const Sheet& sheet,
                const std::vector<std::string>& shared, const ReadContext& ctx) {
  std::vector<std::string> header;
  bool first_row = true;
  uint64_t row_number = 0;
  walk_elements(
      root,
      [&](const pugi::xml_node& n) {
        if (local_name(n) != "row") return true;
        uint64_t declared = n.attribute("r").as_ullong(0);
        row_number = declared > 0 ? declared : row_number + 1;
        auto cells = read_row(n, shared, row_number);
        if (cells.empty()) return false;
        if (first_row) {
          first_row = false;
          std::vector<std::string> values;
          for (const auto& cell : cells) {
            if (cell.column > 16384) break;
            values.resize(std::max<size_t>(values.size(), cell.column + 1));
            values[cell.column] = cell.value;
          }
          if (looks_like_header(values)) {
            header = std::move(values);
            ctx.visitor.header(header);
            return false;
          }
        }
        Position pos;
        for (const auto& cell : cells) {
          pos.cell = sheet.name + "!" + cell.ref;
          std::string_view field = static_cast<size_t>(cell.column) < header.size()
                                       ? std::string_view(header[cell.column])
                                       : std::string_view();
          ctx.visitor.text(cell.value, pos, field);
        }
        return false;
      },
      [](const pugi::xml_node&) {});
}

void read_xlsx(Package& package, const ReadContext& ctx) {
  auto names = package.names();
  auto shared = load_shared_strings(package);
  for (const auto& sheet : list_sheets(package, names)) {
    pugi::xml_document doc;
    if (package.load(sheet.part, doc)) read_sheet(doc, sheet, shared, ctx);
  }
}

// ---- docx and pptx ----

// Paragraph texts of a part in document order; tabs and breaks become spaces.
std::vector<std::string> paragraphs(const pugi::xml_node& root) {
  std::vector<std::string> out;
  std::string current;
  walk_elements(
      root,
      [&](const pugi::xml_node& n) {
        std::string_view name = local_name(n);
        if (name == "Fallback") return false;  // duplicate of the AlternateContent choice
        if (name == "t")
          current += n.text().get();
        else if (name == "tab" || name == "br" || name == "cr")
          current += ' ';
        return true;
      },
      [&](const pugi::xml_node& n) {
        if (local_name(n) == "p") out.push_back(std::exchange(current, {}));
      });
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// docx: paragraphs joined by newlines in chunks; Position.line is the paragraph number.
void read_docx(Package& package, const ReadContext& ctx) {
  pugi::xml_document doc;
  if (!package.load("word/document.xml", doc)) {
    throw SourceError(tr("DOCX 缺少 word/document.xml", "DOCX without word/document.xml"));
  }
  std::string chunk;
  uint64_t paragraph = 0, chunk_line = 1;
  auto flush = [&] {
    if (!chunk.empty()) {
      Position pos;
      pos.line = chunk_line;
      ctx.visitor.text(chunk, pos, {});
    }
    chunk.clear();
    chunk_line = paragraph + 1;
  };
  for (auto& text : paragraphs(doc)) {
    ++paragraph;
    chunk += text;
    chunk += '\n';
    if (chunk.size() >= ctx.options.chunk_bytes) flush();
  }
  flush();
}

void read_pptx(Package& package, const ReadContext& ctx) {
  auto names = package.names();
  auto send_parts = [&](const std::string& prefix, const char* label_format) {
    for (auto& [number, part] : numbered_parts(names, prefix, ".xml")) {
      pugi::xml_document doc;
      if (!package.load(part, doc)) continue;
      std::string text;
      for (auto& paragraph : paragraphs(doc)) {
        if (paragraph.empty()) continue;
        text += paragraph;
        text += '\n';
      }
      if (text.empty()) continue;
      Position pos;
      pos.cell = fmt::format(fmt::runtime(label_format), number);
      ctx.visitor.text(text, pos, {});
    }
  };
  send_parts("ppt/slides/slide", "slide {}");
  send_parts("ppt/notesSlides/notesSlide", "slide {} notes");
}

}  // namespace

void read_office(std::string_view zip_bytes, DocumentKind kind, const ReadContext& ctx) {
  Package package(zip_bytes, ctx);
  switch (kind) {
    case DocumentKind::xlsx:
      read_xlsx(package, ctx);
      break;
    case DocumentKind::docx:
      read_docx(package, ctx);
      break;
    case DocumentKind::pptx:
      read_pptx(package, ctx);
      break;
    default:
      break;
  }
}

}  // namespace paicha::sources::detail

#include "core/data_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {

namespace fs = std::filesystem;

namespace {

std::string executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().string();
}

std::string source_dir(const std::string& leaf) {
#if defined(PAICHA_SOURCE_RULES_DIR) && defined(PAICHA_SOURCE_DATA_DIR)
  return leaf == "rules" ? PAICHA_SOURCE_RULES_DIR : PAICHA_SOURCE_DATA_DIR;
#else
  (void)leaf;
  return {};
#endif
}

bool is_directory(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_directory(path, ec);
}

std::string searched_list(const std::vector<std::string>& places) {
  std::string text;
  for (const auto& p : places) text += "\n  " + p;
  return text;
}

std::string find_dir(const std::string& leaf) {
  const auto places = data_search_path(leaf);
  for (const auto& p : places)
    if (is_directory(p)) return p;
  throw RuntimeError(std::string(tr("找不到数据目录 ", "cannot find the data directory ")) + leaf +
                     "/" +
                     std::string(tr("（可设置 PAICHA_DATA_DIR），已查找：",
                                    " (set PAICHA_DATA_DIR); looked in:")) +
                     searched_list(places));
}

}  // namespace

std::vector<std::string> data_search_path(const std::string& leaf) {
  std::vector<std::string> places;
  if (const char* env = std::getenv("PAICHA_DATA_DIR"); env && *env)
    places.push_back((fs::path(env) / leaf).string());
  if (const std::string exe = executable_dir(); !exe.empty())
    places.push_back(
        (fs::path(exe) / ".." / "share" / "paicha" / leaf).lexically_normal().string());
  if (const std::string src = source_dir(leaf); !src.empty()) places.push_back(src);
  return places;
}

std::string rules_dir() {
  return find_dir("rules");
}

std::string data_dir() {
  return find_dir("data");
}

std::string data_file(const std::string& relative) {
  const auto places = data_search_path("data");
  std::vector<std::string> tried;
  for (const auto& p : places) {
    const std::string candidate = (fs::path(p) / relative).string();
    tried.push_back(candidate);
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  throw RuntimeError(std::string(tr("找不到数据文件 ", "cannot find the data file ")) + relative +
                     std::string(tr("（可设置 PAICHA_DATA_DIR），已查找：",
                                    " (set PAICHA_DATA_DIR); looked in:")) +
                     searched_list(tried));
}

}  // namespace paicha

// walk(): recursive listing with globs and symlink-loop safety.
#include <dirent.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/i18n.h"
#include "sources/document.h"

namespace paicha::sources {
namespace {

using DirId = std::pair<dev_t, ino_t>;

// A glob matches the path relative to the walked root or the bare name ("*.csv", "logs/*").
bool matches_any(const std::vector<std::string>& globs, const std::string& relative,
                 const std::string& name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    return ::fnmatch(glob.c_str(), relative.c_str(), 0) == 0 ||
           ::fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  });
}

struct PendingDir {
  std::string path;
  std::string relative;  // "" for the root
};

class Walker {
 public:
  Walker(const ReadOptions& options,
         const std::function<void(const std::filesystem::path&)>& on_file,
         const std::function<void(const std::filesystem::path&, std::string_view)>& on_error)
      : options_(options), on_file_(on_file), on_error_(on_error) {}

  void root(const std::filesystem::path& path) {
    std::string p = path.string();
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) {
      error(p, tr("无法访问", "cannot access"), errno);
      return;
    }
    if (!S_ISDIR(st.st_mode)) {
      on_file_(path);  // files named on the command line are always read
      return;
    }
    if (!visited_.insert({st.st_dev, st.st_ino}).second) return;  // the same root twice
    std::vector<PendingDir> stack{{p, ""}};
    while (!stack.empty()) {
      PendingDir dir = std::move(stack.back());
      stack.pop_back();
      auto subdirs = list(dir);
      std::move(subdirs.rbegin(), subdirs.rend(), std::back_inserter(stack));
    }
  }

 private:
  void error(const std::string& path, std::string_view what, int err) {
    on_error_(path, fmt::format("{}: {}", what, std::strerror(err)));
  }

  // Reports the files of one directory and returns its subdirectories, in name order.
  std::vector<PendingDir> list(const PendingDir& dir) {
    std::vector<PendingDir> subdirs;
    DIR* handle = ::opendir(dir.path.c_str());
    if (!handle) {
      error(dir.path, tr("无法读取目录", "cannot read directory"), errno);
      return subdirs;
    }
    std::vector<std::string> names;
    while (struct dirent* entry = ::readdir(handle)) {
      std::string_view name = entry->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(handle);
    std::sort(names.begin(), names.end());
    std::string base = dir.path.ends_with('/') ? dir.path : dir.path + "/";
    for (const auto& name : names) {
      std::string full = base + name;
      std::string relative = dir.relative.empty() ? name : dir.relative + "/" + name;
      struct stat st;
      if (::lstat(full.c_str(), &st) != 0) {
        error(full, tr("无法访问", "cannot access"), errno);
        continue;
      }
      if (S_ISLNK(st.st_mode)) {
        if (!options_.follow_symlinks) continue;
        if (::stat(full.c_str(), &st) != 0) {
          error(full, tr("符号链接无效", "broken symbolic link"), errno);
          continue;
        }
      }
      if (matches_any(options_.exclude_globs, relative, name)) continue;
      if (S_ISDIR(st.st_mode)) {
        if (!visited_.insert({st.st_dev, st.st_ino}).second) {
          on_error_(full, tr("符号链接循环（目录已访问过），已跳过",
                             "symbolic link loop (directory already visited); skipped"));
          continue;
        }
        subdirs.push_back({full, relative});
      } else if (S_ISREG(st.st_mode)) {
        if (options_.include_globs.empty() || matches_any(options_.include_globs, relative, name)) {
          on_file_(full);
        }
      } else {
        on_error_(full, tr("不是普通文件，已跳过", "not a regular file; skipped"));
      }
    }
    return subdirs;
  }

  const ReadOptions& options_;
  const std::function<void(const std::filesystem::path&)>& on_file_;
  const std::function<void(const std::filesystem::path&, std::string_view)>& on_error_;
  std::set<DirId> visited_;
};

}  // namespace

void walk(const std::vector<std::filesystem::path>& paths, const ReadOptions& options,
          const std::function<void(const std::filesystem::path&)>& on_file,
          const std::function<void(const std::filesystem::path&, std::string_view)>& on_error) {
  Walker walker(options, on_file, on_error);
  for (const auto& path : paths) walker.root(path);
}

}  // namespace paicha::sources

#include "core/targets.h"

#include <netdb.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <sstream>

#include "core/errors.h"
#include "core/i18n.h"
#include "core/scan_import.h"

namespace paicha {

namespace {

// Large enough for any sensible exclusion list (10.*.*.1 is 65536 runs), small enough that a
// pattern such as *.*.*.1 used as an exclusion is refused instead of eating 16.7 M intervals.
constexpr size_t kMaxPatternRuns = size_t{1} << 16;
constexpr size_t kMaxExclusionRuns = size_t{1} << 20;

// Where a token came from, for messages: "#3" on the command line or "FILE:LINE".
struct Position {
  bool in_file = false;
  std::string text;

  std::string describe(bool exclusion) const {
    if (current_lang() == Lang::zh) {
      std::string role = exclusion ? "排除项" : "目标";
      return in_file ? role + " " + text : role + "第 " + text + " 项";
    }
    std::string role = exclusion ? "exclusion " : "target ";
    return role + (in_file ? text : "#" + text);
  }
};

// Tokens come from files of unknown origin: keep messages on one printable line.
std::string printable(std::string_view token) {
  std::string out;
  for (char c : token.substr(0, 100)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  if (token.size() > 100) out += "...";
  return out;
}

[[noreturn]] void reject(const Position& where, bool exclusion, std::string_view token,
                         std::string_view reason) {
  std::string place = where.describe(exclusion);
  if (current_lang() == Lang::zh) {
    throw UsageError(place + " \"" + printable(token) + "\" 无效：" + std::string(reason));
  }
  throw UsageError(place + " \"" + printable(token) + "\" is invalid: " + std::string(reason));
}

std::string read_text_file(const std::string& path, std::string_view zh_what,
                           std::string_view en_what) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string reason = std::strerror(errno);
    if (current_lang() == Lang::zh) {
      throw UsageError("无法打开" + std::string(zh_what) + " \"" + path + "\"：" + reason);
    }
    throw UsageError("cannot open " + std::string(en_what) + " \"" + path + "\": " + reason);
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> split_commas(const std::string& token) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : token) {
    if (c == ',') {
      if (!part.empty()) parts.push_back(std::move(part));
      part.clear();
    } else {
      part += c;
    }
  }
  if (!part.empty()) parts.push_back(std::move(part));
  return parts;
}

Uint128 saturating_add(Uint128 a, Uint128 b) {
  return a > ~Uint128{0} - b ? ~Uint128{0} : a + b;
}

}  // namespace

std::vector<std::string> split_target_line(std::string_view line) {
  if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  std::vector<std::string> tokens;
  std::string token;
  for (char c : line) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
      if (!token.empty()) tokens.push_back(std::move(token));
      token.clear();
    } else {
      token += c;
    }
  }
  if (!token.empty()) tokens.push_back(std::move(token));
  return tokens;
}

std::vector<IpAddr> resolve_host_name(const std::string& name) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  std::vector<IpAddr> addresses;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &result) != 0) return addresses;
  for (addrinfo* ai = result; ai; ai = ai->ai_next) {
    IpAddr addr;
    if (ai->ai_family == AF_INET) {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      std::memcpy(addr.bytes.data(), &sin->sin_addr, 4);
    } else if (ai->ai_family == AF_INET6) {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      addr.v6 = true;
      std::memcpy(addr.bytes.data(), &sin6->sin6_addr, 16);
    } else {
      continue;
    }
    addresses.push_back(addr);
  }
  freeaddrinfo(result);
  return addresses;
}

TargetSet::TargetSet() : resolve_(resolve_host_name) {}

void TargetSet::warn(const std::string& message) const {
  if (warn_) {
    warn_(message);
  } else {
    std::cerr << "paicha: " << tr("警告：", "warning: ") << message << '\n';
  }
}

void TargetSet::add_token(const std::string& token, const std::string& where_text, Role role) {
  // where_text is "3" for argv or "FILE:LINE" for files.
  Position where{where_text.find_first_not_of("0123456789") != std::string::npos, where_text};
  bool exclusion = role == Role::exclusion;
  TargetToken parsed;
  try {
    parsed = parse_target_token(token);
  } catch (const InvalidTargetToken& e) {
    reject(where, exclusion, token, e.what());
  }

  if (const auto* host = std::get_if<HostName>(&parsed)) {
    std::vector<IpAddr> addresses = resolve_(host->name);
    if (addresses.empty()) {
      std::string place = where.describe(exclusion);
      warn(current_lang() == Lang::zh
               ? "无法解析主机名 \"" + printable(host->name) + "\"（" + place + "），已跳过"
               : "cannot resolve host name \"" + printable(host->name) + "\" (" + place +
                     "); skipped");
      return;
    }
    if (exclusion) {
      // Every address of an excluded name stays untouched, not just the first ones.
      for (const IpAddr& addr : addresses) {
        (addr.v6 ? excluded_v6_ : excluded_v4_).add(addr.value(), addr.value());
      }
      return;
    }
    std::vector<ScanHost> hosts;
    for (bool want_v6 : {false, true}) {
      for (const IpAddr& addr : addresses) {
        if (addr.v6 != want_v6) continue;
        hosts.push_back(ScanHost{addr, host->name, {}, 0});
        break;
      }
    }
    blocks_.emplace_back(std::move(hosts));
    return;
  }

  if (exclusion) {
    try {
      exclude_block(parsed);
    } catch (const InvalidTargetToken& e) {
      reject(where, exclusion, token, e.what());
    }
    return;
  }
  if (const auto* interval = std::get_if<AddressInterval>(&parsed)) {
    blocks_.emplace_back(AddressBlock(*interval));
  } else {
    blocks_.emplace_back(AddressBlock(std::get<OctetPattern>(parsed)));
  }
}

void TargetSet::exclude_block(const TargetToken& token) {
  if (const auto* interval = std::get_if<AddressInterval>(&token)) {
    (interval->v6 ? excluded_v6_ : excluded_v4_).add(interval->first, interval->last);
    return;
  }
  for (const AddressInterval& run :
       pattern_intervals(std::get<OctetPattern>(token), kMaxPatternRuns)) {
    excluded_v4_.add(run.first, run.last);
  }
  if (excluded_v4_.size() > kMaxExclusionRuns) {
    excluded_v4_.normalize();
    if (excluded_v4_.size() > kMaxExclusionRuns) {
      throw InvalidTargetToken(
          std::string(tr("排除项合计过于分散", "the exclusions together are too fragmented")));
    }
  }
}

void TargetSet::add_tokens(const std::vector<std::string>& tokens) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    for (const std::string& part : split_commas(tokens[i])) {
      add_token(part, std::to_string(i + 1), Role::target);
    }
  }
}

void TargetSet::exclude_tokens(const std::vector<std::string>& tokens) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    for (const std::string& part : split_commas(tokens[i])) {
      add_token(part, std::to_string(i + 1), Role::exclusion);
    }
  }
  excluded_v4_.normalize();
  excluded_v6_.normalize();
}

void TargetSet::add_file_tokens(const std::string& path, Role role) {
  std::string content = role == Role::target
                            ? read_text_file(path, "目标列表文件", "target list file")
                            : read_text_file(path, "排除列表文件", "exclusion file");
  std::string name = path == "-" ? "stdin" : path;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string::npos) end = content.size();
    ++line_number;
    std::string_view line(content.data() + pos, end - pos);
    for (const std::string& token : split_target_line(line)) {
      add_token(token, name + ":" + std::to_string(line_number), role);
    }
    pos = end + 1;
  }
}

void TargetSet::add_list_file(const std::string& path) {
  add_file_tokens(path, Role::target);
}

void TargetSet::exclude_file(const std::string& path) {
  add_file_tokens(path, Role::exclusion);
  excluded_v4_.normalize();
  excluded_v6_.normalize();
}

void TargetSet::add_imported(std::vector<ScanHost> hosts) {
  if (!hosts.empty()) blocks_.emplace_back(std::move(hosts));
}

void TargetSet::add_nmap_xml(const std::string& path) {
  std::string content = read_text_file(path, " nmap XML 文件", "nmap XML file");
  add_imported(parse_nmap_xml(content, path, [this](const std::string& m) { warn(m); }));
}

void TargetSet::add_masscan(const std::string& path) {
  std::string content = read_text_file(path, " masscan 结果文件", "masscan output file");
  add_imported(parse_masscan(content, path, [this](const std::string& m) { warn(m); }));
}

void TargetSet::add_masscan_text(const std::string& content, const std::string& where) {
  add_imported(parse_masscan(content, where, [this](const std::string& m) { warn(m); }));
}

bool TargetSet::excluded(const IpAddr& addr) const {
  return exclusions(addr.v6).containing_end(addr.value()).has_value();
}

Uint128 TargetSet::block_count(const Block& block) const {
  if (const auto* range = std::get_if<AddressBlock>(&block)) {
    return count_remaining(*range, exclusions(range->v6()));
  }
  Uint128 count = 0;
  for (const ScanHost& host : std::get<std::vector<ScanHost>>(block)) {
    if (!excluded(host.addr)) ++count;
  }
  return count;
}

uint64_t TargetSet::count() const {
  Uint128 total = 0;
  for (const Block& block : blocks_) total = saturating_add(total, block_count(block));
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  return total > kMax ? kMax : static_cast<uint64_t>(total);
}

TargetSet::Cursor TargetSet::begin(uint64_t skip) const {
  Cursor cursor(*this);
  Uint128 left = skip;
  for (; cursor.block_ < blocks_.size(); ++cursor.block_) {
    const Block& block = blocks_[cursor.block_];
    Uint128 in_block = block_count(block);
    if (left >= in_block) {
      left -= in_block;
      continue;
    }
    if (const auto* range = std::get_if<AddressBlock>(&block)) {
      cursor.offset_ = index_after_skipping(*range, exclusions(range->v6()), left);
    } else {
      const auto& hosts = std::get<std::vector<ScanHost>>(block);
      size_t i = 0;
      for (;; ++i) {
        if (excluded(hosts[i].addr)) continue;
        if (left == 0) break;
        --left;
      }
      cursor.offset_ = i;
    }
    break;
  }
  // Skipping past the end leaves the cursor exhausted; its index still says how many were skipped.
  cursor.index_ = skip;
  return cursor;
}

std::optional<ScanHost> TargetSet::Cursor::next() {
  const auto& blocks = set_->blocks_;
  for (; block_ < blocks.size(); ++block_, offset_ = 0) {
    if (const auto* range = std::get_if<AddressBlock>(&blocks[block_])) {
      const IntervalSet& excluded = set_->exclusions(range->v6());
      while (offset_ < range->size()) {
        Uint128 value = range->at(offset_);
        if (auto end = excluded.containing_end(value)) {
          offset_ = range->count_le(*end);  // first member past the excluded run
          continue;
        }
        ++offset_;
        return ScanHost{IpAddr::from_value(range->v6(), value), {}, {}, index_++};
      }
    } else {
      const auto& hosts = std::get<std::vector<ScanHost>>(blocks[block_]);
      while (offset_ < hosts.size()) {
        const ScanHost& host = hosts[static_cast<size_t>(offset_++)];
        if (set_->excluded(host.addr)) continue;
        ScanHost copy = host;
        copy.index = index_++;
        return copy;
      }
    }
  }
  return std::nullopt;
}

}  // namespace paicha

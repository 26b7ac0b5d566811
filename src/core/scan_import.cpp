#include "core/scan_import.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {

namespace {

// Collects hosts in first-seen order and merges the ports of repeated addresses.
class HostCollector {
 public:
  void add(const IpAddr& addr, const std::string& hostname, const std::vector<uint16_t>& ports) {
    auto [it, inserted] = position_.try_emplace(addr, hosts_.size());
    if (inserted) hosts_.push_back(ScanHost{addr, hostname, {}, 0});
    ScanHost& host = hosts_[it->second];
    if (host.hostname.empty()) host.hostname = hostname;
    host.ports.insert(host.ports.end(), ports.begin(), ports.end());
  }

  std::vector<ScanHost> take() {
    for (ScanHost& host : hosts_) {
      std::sort(host.ports.begin(), host.ports.end());
      host.ports.erase(std::unique(host.ports.begin(), host.ports.end()), host.ports.end());
    }
    return std::move(hosts_);
  }

 private:
  std::vector<ScanHost> hosts_;
  std::map<IpAddr, size_t> position_;
};

void warn_at(const ImportWarningFn& warn, const std::string& where, std::string_view zh,
             std::string_view en, std::string_view culprit = {}) {
  if (!warn) return;
  std::string message = where + ": " + std::string(tr(zh, en));
  if (!culprit.empty()) {
    std::string shown;
    for (char c : culprit.substr(0, 80)) {
      shown += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    }
    message += " \"" + shown + "\"";
  }
  warn(message);
}

// "SOURCE:LINE" for byte offsets into a document; the newline table is built on the first
// warning only, so clean files cost nothing and many warnings cost a binary search each.
class LinePositions {
 public:
  LinePositions(std::string_view content, const std::string& source)
      : content_(content), source_(source) {}

  std::string at(ptrdiff_t offset) {
    if (!built_) {
      for (size_t i = 0; i < content_.size(); ++i) {
        if (content_[i] == '\n') newlines_.push_back(i);
      }
      built_ = true;
    }
    size_t clamped = offset < 0 ? content_.size() : static_cast<size_t>(offset);
    auto before = std::lower_bound(newlines_.begin(), newlines_.end(), clamped);
    return source_ + ":" + std::to_string(1 + (before - newlines_.begin()));
  }

 private:
  std::string_view content_;
  const std::string& source_;
  std::vector<size_t> newlines_;
  bool built_ = false;
};

std::optional<uint16_t> parse_port_number(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value < 1 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

std::string_view trim(std::string_view text) {
  const char* space = " \t\r\n\v\f";
  size_t begin = text.find_first_not_of(space);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

std::string host_name_of(const pugi::xml_node& host) {
  std::string first;
  for (pugi::xml_node name : host.child("hostnames").children("hostname")) {
    std::string type = name.attribute("type").value();
    if (type == "user") return name.attribute("name").value();
    if (first.empty()) first = name.attribute("name").value();
  }
  return first;
}

void import_nmap_host(const pugi::xml_node& host, LinePositions& lines, const ImportWarningFn& warn,
                      HostCollector& hosts) {
  pugi::xml_node status = host.child("status");
  if (status && std::string_view(status.attribute("state").value()) != "up") return;

  std::optional<IpAddr> addr;
  for (pugi::xml_node address : host.children("address")) {
    std::string_view type = address.attribute("addrtype").value();
    if (type != "ipv4" && type != "ipv6") continue;
    addr = IpAddr::parse(address.attribute("addr").value());
    if (!addr || addr->v6 != (type == "ipv6")) {
      warn_at(warn, lines.at(host.offset_debug()), "主机地址无效，已跳过",
              "invalid host address; skipped", address.attribute("addr").value());
      return;
    }
    break;
  }
  if (!addr) {
    warn_at(warn, lines.at(host.offset_debug()), "主机缺少 IP 地址，已跳过",
            "host has no IP address; skipped");
    return;
  }

  pugi::xml_node ports_node = host.child("ports");
  std::vector<uint16_t> ports;
  for (pugi::xml_node port : ports_node.children("port")) {
    if (std::string_view(port.attribute("protocol").value()) != "tcp") continue;
    if (std::string_view(port.child("state").attribute("state").value()) != "open") continue;
    std::optional<uint16_t> number = parse_port_number(port.attribute("portid").value());
    if (!number) {
      warn_at(warn, lines.at(port.offset_debug()), "端口号无效，已跳过",
              "invalid port number; skipped", port.attribute("portid").value());
      continue;
    }
    ports.push_back(*number);
  }
  if (ports_node && ports.empty()) return;  // scanned, nothing open
  hosts.add(*addr, host_name_of(host), ports);
}

// One masscan JSON record: {"ip": "...", "ports": [{"port": 80, "proto": "tcp", "status": "open"}]}
void import_masscan_record(const nlohmann::json& record, const std::string& where,
                           const ImportWarningFn& warn, HostCollector& hosts) {
  if (!record.is_object() || !record.contains("ip") || !record["ip"].is_string()) {
    warn_at(warn, where, "记录缺少 \"ip\"，已跳过", "record has no \"ip\"; skipped");
    return;
  }
  const std::string& ip = record["ip"].get_ref<const std::string&>();
  std::optional<IpAddr> addr = IpAddr::parse(ip);
  if (!addr) {
    warn_at(warn, where, "IP 地址无效，已跳过", "invalid IP address; skipped", ip);
    return;
  }
  std::vector<uint16_t> ports;
  if (record.contains("ports") && record["ports"].is_array()) {
    for (const nlohmann::json& port : record["ports"]) {
      if (!port.is_object()) continue;
      // Banner records carry "service" instead of "status"; they add no port.
      auto field = [&](const char* key) -> std::string {
        auto it = port.find(key);
        return it != port.end() && it->is_string() ? it->get<std::string>() : std::string();
      };
      if (field("status") != "open" || field("proto") != "tcp") continue;
      auto number = port.find("port");
      if (number == port.end() || !number->is_number_integer() || number->get<int64_t>() < 1 ||
          number->get<int64_t>() > 65535) {
        warn_at(warn, where, "端口号无效，已跳过", "invalid port number; skipped",
                number == port.end() ? std::string() : number->dump());
        continue;
      }
      ports.push_back(static_cast<uint16_t>(number->get<int64_t>()));
    }
  }
  if (!ports.empty()) hosts.add(*addr, "", ports);
}

std::vector<ScanHost> parse_masscan_list(std::string_view content, const std::string& source,
                                         const ImportWarningFn& warn) {
  HostCollector hosts;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = trim(content.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    std::string_view raw = line;
    std::vector<std::string_view> fields;
    while (!line.empty()) {
      size_t space = line.find_first_of(" \t");
      fields.push_back(line.substr(0, space));
      line = space == std::string_view::npos ? std::string_view() : trim(line.substr(space));
    }
    std::string where = source + ":" + std::to_string(line_number);
    if (fields[0] == "banner") continue;  // service banners; the open line names the port
    if (fields.size() < 4 || (fields[0] != "open" && fields[0] != "closed")) {
      warn_at(warn, where, "无法识别的 masscan 行，已跳过", "unrecognised masscan line; skipped",
              raw);
      continue;
    }
    if (fields[0] != "open" || fields[1] != "tcp") continue;
    std::optional<uint16_t> port = parse_port_number(fields[2]);
    if (!port) {
      warn_at(warn, where, "端口号无效，已跳过", "invalid port number; skipped", fields[2]);
      continue;
    }
    std::optional<IpAddr> addr = IpAddr::parse(fields[3]);
    if (!addr) {
      warn_at(warn, where, "IP 地址无效，已跳过", "invalid IP address; skipped", fields[3]);
      continue;
    }
    hosts.add(*addr, "", {*port});
  }
  return hosts.take();
}

// masscan writes one record per line; that form gets line numbers in warnings. Anything else
// (say, pretty-printed by jq) is parsed as one document.
std::optional<std::vector<ScanHost>> parse_masscan_json_lines(std::string_view content,
                                                              const std::string& source,
                                                              const ImportWarningFn& warn) {
  struct Line {
    std::string_view text;
    size_t number;
  };
  std::vector<Line> records;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = trim(content.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    while (!line.empty() && line.front() == ',') line = trim(line.substr(1));
    while (!line.empty() && line.back() == ',') line = trim(line.substr(0, line.size() - 1));
    if (line.empty() || line == "[" || line == "]") continue;
    if (line.front() != '{' || line.back() != '}') return std::nullopt;
    records.push_back({line, line_number});
  }
  HostCollector hosts;
  for (const Line& line : records) {
    std::string where = source + ":" + std::to_string(line.number);
    nlohmann::json record = nlohmann::json::parse(line.text, nullptr, false);
    if (record.is_discarded()) {
      warn_at(warn, where, "JSON 记录无法解析，已跳过", "JSON record cannot be parsed; skipped");
      continue;
    }
    import_masscan_record(record, where, warn, hosts);
  }
  return hosts.take();
}

std::vector<ScanHost> parse_masscan_json(std::string_view content, const std::string& source,
                                         const ImportWarningFn& warn) {
  if (auto hosts = parse_masscan_json_lines(content, source, warn)) return std::move(*hosts);
  std::string text(trim(content));
  // Old masscan versions end the array with "},\n]".
  if (!text.empty() && text.back() == ']') {
    size_t before = text.find_last_not_of(" \t\r\n", text.size() - 2);
    if (before != std::string::npos && text[before] == ',') text.erase(before, 1);
  }
  nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !(document.is_array() || document.is_object())) {
    throw UsageError(current_lang() == Lang::zh
                         ? "\"" + source + "\" 不是可解析的 masscan JSON 结果"
                         : "\"" + source + "\" is not readable masscan JSON output");
  }
  if (document.is_object()) document = nlohmann::json::array({document});
  HostCollector hosts;
  size_t item = 0;
  for (const nlohmann::json& record : document) {
    import_masscan_record(record, source + " #" + std::to_string(++item), warn, hosts);
  }
  return hosts.take();
}

}  // namespace

std::vector<ScanHost> parse_nmap_xml(std::string_view content, const std::string& source,
                                     const ImportWarningFn& warn) {
  pugi::xml_document doc;
  pugi::xml_parse_result result =
      doc.load_buffer(content.data(), content.size(), pugi::parse_default, pugi::encoding_utf8);
  pugi::xml_node root = doc.child("nmaprun");
  if (!root) {
    std::string reason = result ? std::string(tr("缺少 <nmaprun> 元素", "no <nmaprun> element"))
                                : std::string(result.description());
    throw UsageError(current_lang() == Lang::zh
                         ? "\"" + source + "\" 不是可解析的 nmap XML：" + reason
                         : "\"" + source + "\" is not readable nmap XML: " + reason);
  }
  LinePositions lines(content, source);
  if (!result) {
    warn_at(warn, lines.at(result.offset), "文档不完整（扫描被中断？），只导入已读到的主机",
            "document is incomplete (interrupted scan?); importing the hosts read so far");
  }
  HostCollector hosts;
  for (pugi::xml_node host : root.children("host")) {
    import_nmap_host(host, lines, warn, hosts);
  }
  return hosts.take();
}

std::vector<ScanHost> parse_masscan(std::string_view content, const std::string& source,
                                    const ImportWarningFn& warn) {
  std::string_view body = trim(content);
  if (body.starts_with("<")) return parse_nmap_xml(content, source, warn);
  if (body.starts_with("[") || body.starts_with("{")) {
    return parse_masscan_json(content, source, warn);
  }
  return parse_masscan_list(content, source, warn);
}

}  // namespace paicha

#include "core/ports.h"

#include <algorithm>
#include <bitset>
#include <memory>
#include <optional>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {

namespace {

// `db`: every port where paicha expects a data service or a service it identifies and checks.
//  - relational: 1433 SQL Server, 1521 Oracle, 3050 Firebird, 3306/3307 MySQL/MariaDB,
//    4000 TiDB, 5432/5433 PostgreSQL, 5236 DM (达梦), 54321 KingbaseES (人大金仓),
//    5866 HighGo (瀚高), 26000 openGauss, 2881/2883 OceanBase (+proxy), 50000 DB2,
//    9030 Doris/StarRocks, 26257 CockroachDB
//  - analytics and time series: 8123/9000 ClickHouse (9000 is also MinIO), 8086 InfluxDB,
//    6030/6041 TDengine, 10000 HiveServer2, 16010 HBase, 9870/50070 HDFS, 8088 YARN
//  - NoSQL and coordination: 27017-27019/28017 MongoDB, 5984 CouchDB, 9042 Cassandra,
//    7474/7687 Neo4j, 8091 Couchbase, 8529 ArangoDB, 2379 etcd, 2181 ZooKeeper
//  - caches: 6379/6380 Redis, 26379 Redis Sentinel, 7000/7001 Redis Cluster, 11211 Memcached
//  - search: 9200/9300 Elasticsearch/OpenSearch, 5601 Kibana, 8983 Solr
//  - message queues: 9092 Kafka, 5672/15672 RabbitMQ, 61616/8161 ActiveMQ, 1883 MQTT,
//    9876 RocketMQ
//  - remote access and transfer paicha also checks: 21 FTP, 22 SSH, 23 Telnet,
//    80/443/5000/8080/8443 HTTP(S), 554/8554 RTSP (cameras)
// UDP-only services (1434 SQL Browser) are out: discovery is TCP connect.
constexpr uint16_t kDbPorts[] = {
    21,    22,    23,    80,    443,   554,   1433,  1521,  1883,  2181,  2379,
    2881,  2883,  3050,  3306,  3307,  4000,  5000,  5236,  5432,  5433,  5601,
    5672,  5866,  5984,  6030,  6041,  6379,  6380,  7000,  7001,  7474,  7687,
    8080,  8086,  8088,  8091,  8123,  8161,  8443,  8529,  8554,  8983,  9000,
    9030,  9042,  9092,  9200,  9300,  9870,  9876,  10000, 11211, 15672, 16010,
    26000, 26257, 26379, 27017, 27018, 27019, 28017, 50000, 50070, 54321, 61616};

// `top100`: the 100 TCP ports most often found open on the Internet and in enterprise networks
// (the same ranking nmap's --top-ports 100 uses).
constexpr uint16_t kTop100Ports[] = {
    7,    9,    13,    21,    22,    23,    25,    26,    37,    53,   79,   80,   81,   88,   106,
    110,  111,  113,   119,   135,   139,   143,   144,   179,   199,  389,  427,  443,  444,  445,
    465,  513,  514,   515,   543,   544,   548,   554,   587,   631,  646,  873,  990,  993,  995,
    1025, 1026, 1027,  1028,  1029,  1110,  1433,  1720,  1723,  1755, 1900, 2000, 2001, 2049, 2121,
    2717, 3000, 3128,  3306,  3389,  3986,  4899,  5000,  5009,  5051, 5060, 5101, 5190, 5357, 5432,
    5631, 5666, 5800,  5900,  6000,  6001,  6646,  7070,  8000,  8008, 8009, 8080, 8081, 8443, 8888,
    9100, 9999, 10000, 32768, 49152, 49153, 49154, 49155, 49156, 49157};

struct Profile {
  std::string_view name;
  const uint16_t* begin;
  const uint16_t* end;
};

const Profile kProfiles[] = {
    {"db", std::begin(kDbPorts), std::end(kDbPorts)},
    {"top100", std::begin(kTop100Ports), std::end(kTop100Ports)},
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

class PortListError {
 public:
  explicit PortListError(std::string_view spec) : spec_(spec) {}
  [[noreturn]] void fail(std::string_view item, std::string_view zh, std::string_view en) const {
    std::string shown(item.substr(0, 40));
    if (current_lang() == Lang::zh) {
      throw UsageError("端口列表 \"" + spec_ + "\" 中的 \"" + shown + "\" 无效：" +
                       std::string(zh));
    }
    throw UsageError("port list \"" + spec_ + "\": \"" + shown +
                     "\" is invalid: " + std::string(en));
  }

 private:
  std::string spec_;
};

// A port number 1-65535; nullopt if not all digits.
std::optional<unsigned> parse_number(std::string_view text, std::string_view item,
                                     const PortListError& error) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  unsigned value = 0;
  for (char c : text) {
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > 65535) break;
  }
  if (value < 1 || value > 65535)
    error.fail(item, "端口须在 1-65535 之间", "ports must be 1-65535");
  return value;
}

}  // namespace

PortSet PortSet::parse(std::string_view spec) {
  PortListError error(spec);
  auto selected = std::make_unique<std::bitset<65536>>();
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view item = trim(spec.substr(pos, comma - pos));
    pos = comma + 1;
    if (item.empty()) continue;  // "80,,443" and a trailing comma are harmless
    if (item.starts_with("T:") || item.starts_with("t:")) item.remove_prefix(2);
    if (item.starts_with("U:") || item.starts_with("u:") || item.starts_with("S:")) {
      error.fail(item, "只支持 TCP 端口", "only TCP ports are supported");
    }
    if (item.front() >= 'a' && item.front() <= 'z') {
      auto profile = std::find_if(std::begin(kProfiles), std::end(kProfiles),
                                  [&](const Profile& p) { return p.name == item; });
      if (profile == std::end(kProfiles)) {
        error.fail(item, "未知的端口配置（可用：db、top100）",
                   "unknown profile (known: db, top100)");
      }
      for (const uint16_t* port = profile->begin; port != profile->end; ++port) {
        selected->set(*port);
      }
      continue;
    }
    size_t dash = item.find('-');
    unsigned first = 0, last = 0;
    if (dash == std::string_view::npos) {
      auto number = parse_number(item, item, error);
      if (!number) {
        error.fail(item, "不是端口号、范围或配置名（db、top100）",
                   "not a port number, range or profile (db, top100)");
      }
      first = last = *number;
    } else {
      // Open ends as in nmap: "-" is 1-65535, "-1024" starts at 1, "60000-" ends at 65535.
      std::string_view lo = trim(item.substr(0, dash));
      std::string_view hi = trim(item.substr(dash + 1));
      auto lo_number = lo.empty() ? std::optional<unsigned>(1) : parse_number(lo, item, error);
      auto hi_number = hi.empty() ? std::optional<unsigned>(65535) : parse_number(hi, item, error);
      if (!lo_number || !hi_number) {
        error.fail(item, "不是有效的端口范围", "not a valid port range");
      }
      first = *lo_number;
      last = *hi_number;
      if (first > last) error.fail(item, "范围起点大于终点", "range start is greater than its end");
    }
    for (unsigned port = first; port <= last; ++port) selected->set(port);
  }
  PortSet set;
  for (unsigned port = 1; port <= 65535; ++port) {
    if (selected->test(port)) set.ports_.push_back(static_cast<uint16_t>(port));
  }
  if (set.ports_.empty()) {
    throw UsageError(current_lang() == Lang::zh ? "端口列表为空" : "the port list is empty");
  }
  return set;
}

PortSet PortSet::of(std::vector<uint16_t> ports) {
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  if (!ports.empty() && ports.front() == 0) ports.erase(ports.begin());
  PortSet set;
  set.ports_ = std::move(ports);
  return set;
}

std::vector<std::string_view> PortSet::profile_names() {
  std::vector<std::string_view> names;
  for (const Profile& profile : kProfiles) names.push_back(profile.name);
  return names;
}

bool PortSet::contains(uint16_t port) const {
  return std::binary_search(ports_.begin(), ports_.end(), port);
}

std::string PortSet::spec() const {
  std::string out;
  for (size_t i = 0; i < ports_.size();) {
    size_t j = i;
    while (j + 1 < ports_.size() && ports_[j + 1] == ports_[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(ports_[i]);
    if (j > i) out += '-' + std::to_string(ports_[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace paicha

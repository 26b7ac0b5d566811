// The probe table: what paicha sends, in which order, and who parses the reply.
#include <algorithm>
#include <array>

#include "services/etcd/probe.h"
#include "services/ftp/probe.h"
#include "services/http/probe.h"
#include "services/influxdb/probe.h"
#include "services/memcached/probe.h"
#include "services/mongodb/probe.h"
#include "services/mssql/probe.h"
#include "services/mysql/probe.h"
#include "services/oracle/probe.h"
#include "services/postgresql/probe.h"
#include "services/probe.h"
#include "services/redis/probe.h"
#include "services/rtsp/probe.h"
#include "services/smtp/probe.h"
#include "services/ssh/probe.h"
#include "services/telnet/probe.h"
#include "services/zookeeper/probe.h"

namespace paicha::services {

namespace {

std::vector<ProbeSpec> build_table() {
  std::vector<ProbeSpec> t;
  const auto primary = [&](std::string_view name, std::string_view service, std::string request,
                           std::vector<uint16_t> ports, ParseFn parse) {
    t.push_back(
        ProbeSpec{name, service, std::move(request), false, false, std::move(ports), parse});
  };
  const auto followup = [&](std::string_view name, std::string_view service, std::string request,
                            bool greeting_first, ParseFn parse) {
    t.push_back(ProbeSpec{name, service, std::move(request), greeting_first, true, {}, parse});
  };

  // Passive: the server speaks first; nothing is sent (match_greeting covers these too).
  primary("mysql-greeting", "mysql", "", {3306, 3307, 4000}, mysql::parse_greeting);
  primary("ssh-banner", "ssh", "", {22, 2222}, ssh::parse_banner);
  primary("ftp-banner", "ftp", "", {21, 2121}, ftp::parse_greeting);
  primary("smtp-banner", "smtp", "", {25, 587, 465}, smtp::parse_greeting);
  primary("telnet-banner", "telnet", "", {23, 2323}, telnet::parse_greeting);

  // Active, cheapest and most common first. Every request is read-only and logs no one in.
  primary("redis-info", "redis", redis::info_request(), {6379, 6380, 16379, 26379},
          redis::parse_info_reply);
  primary("memcached-version", "memcached", memcached::version_request(), {11211},
          memcached::parse_version_reply);
  primary("http-root", "http", http::root_request(),
          {80, 443, 8080, 8443, 8000, 8008, 8888, 9200, 9243, 5984, 6984, 8123, 3000, 5000, 9443},
          http::parse_root_reply);
  primary("etcd-version", "etcd", etcd::version_request(), {2379, 4001}, etcd::parse_version_reply);
  primary("influxdb-ping", "influxdb", influxdb::ping_request(), {8086},
          influxdb::parse_ping_reply);
  primary("postgresql-startup", "postgresql", postgresql::unsupported_startup_request(),
          {5432, 5433, 5434}, postgresql::parse_error_reply);
  primary("mongodb-hello", "mongodb", mongodb::hello_request(), {27017, 27018, 27019},
          mongodb::parse_hello_reply);
  primary("mongodb-ismaster", "mongodb", mongodb::is_master_request(), {27017, 27018, 27019},
          mongodb::parse_hello_reply);
  primary("mssql-prelogin", "mssql", mssql::prelogin_request(), {1433, 1434},
          mssql::parse_prelogin_reply);
  primary("oracle-tns-version", "oracle", oracle::version_connect_request(), {1521, 1522, 1526},
          oracle::parse_tns_reply);
  primary("zookeeper-srvr", "zookeeper", zookeeper::srvr_request(), {2181, 2182},
          zookeeper::parse_srvr_reply);
  primary("rtsp-options", "rtsp", rtsp::options_request(), {554, 8554, 10554},
          rtsp::parse_options_reply);

  // Details once the service is known.
  followup("postgresql-ssl", "postgresql", postgresql::ssl_request(), false,
           postgresql::parse_ssl_reply);
  followup("mongodb-buildinfo", "mongodb", mongodb::build_info_request(), false,
           mongodb::parse_build_info_reply);
  followup("ftp-feat", "ftp", ftp::feat_request(), true, ftp::parse_feat_reply);
  followup("smtp-ehlo", "smtp", smtp::ehlo_request(), true, smtp::parse_ehlo_reply);
  return t;
}

}  // namespace

const std::vector<ProbeSpec>& probe_table() {
  static const std::vector<ProbeSpec> table = build_table();
  return table;
}

ParseResult match_greeting(std::string_view greeting) {
  static constexpr std::array<ParseFn, 5> kGreetingParsers{
      ssh::parse_banner, mysql::parse_greeting, smtp::parse_greeting, ftp::parse_greeting,
      telnet::parse_greeting};
  bool more = false;
  for (const ParseFn parse : kGreetingParsers) {
    ParseResult r = parse(greeting);
    if (r.verdict == Verdict::matched) return r;
    if (r.verdict == Verdict::need_more) more = true;
  }
  return more ? ParseResult::more() : ParseResult::no();
}

bool is_likely_tls_port(uint16_t port) {
  static constexpr std::array<uint16_t, 11> kTlsPorts{443, 8443, 9243, 6380, 993, 995,
                                                      465, 636,  5986, 2376, 9443};
  return std::find(kTlsPorts.begin(), kTlsPorts.end(), port) != kTlsPorts.end();
}

}  // namespace paicha::services

#include "core/dsn.h"

#include <fmt/format.h>

#include <charconv>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {

namespace {

struct Scheme {
  std::string_view prefix;
  std::string_view engine;
};
constexpr Scheme kSchemes[] = {
    {"postgresql", "postgresql"},
    {"postgres", "postgresql"},
    {"pgsql", "postgresql"},
    {"mysql", "mysql"},
    {"mariadb", "mysql"},
    {"redis", "redis"},
    {"rediss", "redis"},
    {"mongodb", "mongodb"},
    {"sqlite", "sqlite"},
    {"sqlite3", "sqlite"},
    {"elasticsearch", "elasticsearch"},
    {"es", "elasticsearch"},
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%40" -> "@"; a malformed escape is kept as it is.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

[[noreturn]] void bad_dsn(std::string_view text, std::string_view why) {
  throw UsageError(
      fmt::format("{} '{}': {}", tr("无效的 DSN", "invalid DSN"), mask_dsn_text(text), why));
}

}  // namespace

uint16_t default_port(std::string_view engine) {
  if (engine == "postgresql") return 5432;
  if (engine == "mysql") return 3306;
  if (engine == "redis") return 6379;
  if (engine == "mongodb") return 27017;
  if (engine == "elasticsearch") return 9200;
  return 0;
}

std::string mask_dsn_text(std::string_view text) {
  size_t scheme_end = text.find("://");
  size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  size_t at = text.rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(text);
  size_t colon = text.find(':', start);
  if (colon == std::string_view::npos || colon > at) return std::string(text);
  return std::string(text.substr(0, colon + 1)) + "****" + std::string(text.substr(at));
}

std::string Dsn::masked() const {
  return mask_dsn_text(original);
}

std::string Dsn::endpoint() const {
  if (engine == "sqlite") return "sqlite://" + database;
  if (host.find(':') != std::string::npos) return fmt::format("{}://[{}]:{}", engine, host, port);
  return fmt::format("{}://{}:{}", engine, host, port);
}

Dsn parse_dsn(std::string_view text) {
  Dsn dsn;
  dsn.original = std::string(text);
  size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    bad_dsn(text, tr("缺少 scheme://（如 postgresql://host/db、sqlite:///path）",
                     "missing scheme:// (e.g. postgresql://host/db, sqlite:///path)"));
  std::string scheme;
  for (char c : text.substr(0, scheme_end))
    scheme.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  for (const auto& s : kSchemes)
    if (scheme == s.prefix) dsn.engine = std::string(s.engine);
  if (dsn.engine.empty())
    bad_dsn(text, fmt::format("{} '{}'（{}）", tr("不支持的引擎", "unsupported engine"), scheme,
                              "postgresql, mysql, redis, mongodb, sqlite, elasticsearch"));
  std::string_view rest = text.substr(scheme_end + 3);
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    dsn.params[key] = value;
  }
  if (dsn.engine == "sqlite") {
    // sqlite:///abs/path or sqlite://./relative: everything after :// is the path.
    std::string path = percent_decode(rest);
    if (path.empty()) bad_dsn(text, tr("缺少数据库文件路径", "missing the database file path"));
    dsn.database = path;
    return dsn;
  }
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view path =
      rest.size() > authority.size() ? rest.substr(authority.size() + 1) : std::string_view{};
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    dsn.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      dsn.password = percent_decode(userinfo.substr(colon + 1));
      dsn.has_password = true;
    }
  }
  std::string_view port_text;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      bad_dsn(text, tr("IPv6 地址缺少 ]", "IPv6 address lacks ]"));
    dsn.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (after.starts_with(':'))
      port_text = after.substr(1);
    else if (!after.empty())
      bad_dsn(text, tr("] 之后应为 :端口", "expected :port after ]"));
  } else {
    size_t colon = authority.rfind(':');
    dsn.host = percent_decode(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (dsn.host.empty()) bad_dsn(text, tr("缺少主机", "missing host"));
  dsn.port = default_port(dsn.engine);
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535)
      bad_dsn(text, fmt::format("{} '{}'", tr("无效的端口", "invalid port"), port_text));
    dsn.port = static_cast<uint16_t>(value);
  }
  dsn.database = percent_decode(path);
  if (!dsn.database.empty() && dsn.database.back() == '/') dsn.database.pop_back();
  return dsn;
}

}  // namespace paicha

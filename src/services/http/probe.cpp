#include "services/http/probe.h"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>
#include "services/clickhouse/probe.h"
#include "services/couchdb/probe.h"
#include "services/elasticsearch/probe.h"
#include "services/etcd/probe.h"
#include "services/influxdb/probe.h"

#include "services/probe_util.h"

namespace paicha::services::http {

namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// "&#20013;" / "&#x4e2d;" -> code point, when valid.
std::optional<uint32_t> numeric_entity(std::string_view digits) {
  int base = 10;
  if (!digits.empty() && (digits.front() == 'x' || digits.front() == 'X')) {
    base = 16;
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 7) return std::nullopt;
  uint32_t cp = 0;
  for (const char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    cp = cp * static_cast<uint32_t>(base) + static_cast<uint32_t>(d);
  }
  if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  return cp;
}

std::string decode_entities(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNamed{
      {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}}};
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '&') {
      const size_t semi = text.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        const std::string_view name = text.substr(i + 1, semi - i - 1);
        bool done = false;
        if (!name.empty() && name.front() == '#') {
          if (const auto cp = numeric_entity(name.substr(1))) {
            append_utf8(out, *cp);
            done = true;
          }
        } else {
          for (const auto& [entity, replacement] : kNamed) {
            if (name == entity) {
              out += replacement;
              done = true;
            }
          }
        }
        if (done) {
          i = semi + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

std::string root_request() {
  return get_request("/");
}

std::string html_title(std::string_view body, size_t max_chars) {
  size_t open = 0;
  while (true) {
    open = find_ci(body, "<title", open);
    if (open == std::string_view::npos) return {};
    const char next = open + 6 < body.size() ? body[open + 6] : '\0';
    if (next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r') break;
    open += 6;  // "<titlebar>" and the like
  }
  const size_t start = body.find('>', open);
  if (start == std::string_view::npos) return {};
  size_t end = find_ci(body, "</title", start + 1);
  if (end == std::string_view::npos) end = body.size();
  const std::string_view raw = body.substr(start + 1, std::min<size_t>(end - start - 1, 4096));
  return clean_text(decode_entities(raw), max_chars);
}

Identification identify_generic(const HttpReply& reply) {
  Identification id;
  id.service = "http";
  if (const auto server = reply.header("Server"); server && !server->empty()) {
    const ProductVersion pv = split_product_version(*server);
    id.product = pv.product;
    id.version = pv.version;
  }
  id.info = fmt::format("status {}", reply.status);
  if (reply.status == 401) {
    const std::string_view scheme = reply.header("WWW-Authenticate").value_or("");
    append_info(id.info, fmt::format("auth required {}", scheme.substr(0, scheme.find(' '))));
  }
  if (reply.status >= 300 && reply.status < 400) {
    if (const auto location = reply.header("Location")) {
      append_info(id.info, fmt::format("redirect {}", location->substr(0, 80)));
    }
  }
  const std::string title = html_title(reply.body);
  if (!title.empty()) append_info(id.info, fmt::format("title {}", title));
  return id;
}

ParseResult parse_root_reply(std::string_view reply) {
  HttpReply parsed;
  switch (parse_reply(reply, parsed)) {
    case ReplyState::not_http:
      return ParseResult::no();
    case ReplyState::incomplete:
      return ParseResult::more();
    case ReplyState::complete:
      break;
  }
  using Recognizer = std::optional<Identification> (*)(const HttpReply&);
  static constexpr std::array<Recognizer, 5> kSpecific{elasticsearch::identify, couchdb::identify,
                                                       clickhouse::identify, influxdb::identify,
                                                       etcd::identify};
  for (const Recognizer recognize : kSpecific) {
    if (auto id = recognize(parsed)) return ParseResult::match(cleaned(*id));
  }
  return ParseResult::match(cleaned(identify_generic(parsed)));
}

}  // namespace paicha::services::http

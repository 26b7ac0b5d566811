#pragma once
// Running the PostgreSQL audit against a live server in tests, and reading the server's log.
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>
#include <asio/thread_pool.hpp>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "net/connection.h"
#include "services/check.h"
#include "services/postgresql/checks.h"

namespace paicha::services::postgresql::testing {

inline std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

struct AuditOutcome {
  std::vector<Finding> findings;
  std::vector<std::string> notes;

  std::set<std::string> rules() const {
    std::set<std::string> out;
    for (const auto& f : findings) out.insert(f.rule);
    return out;
  }
  const Finding* find(const std::string& rule) const {
    for (const auto& f : findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }
  std::string all_notes() const {
    std::string out;
    for (const auto& n : notes) out += n + "\n";
    return out;
  }
};

inline void prepare(AuditContext& context, uint16_t port) {
  context.asset.host = "127.0.0.1";
  context.asset.port = port;
  context.asset.service = "postgresql";
  context.endpoint = {asio::ip::make_address("127.0.0.1"), port};
  context.tls_context = net::make_inspection_tls_context();
  context.timeout = Millis(5000);
  context.guess.pace = Millis(0);
}

inline AuditOutcome run_audit(AuditContext& context) {
  asio::io_context io;
  asio::thread_pool pool(2);
  context.blocking_pool = &pool;
  std::exception_ptr failure;
  asio::co_spawn(io, audit_postgresql(context), [&](std::exception_ptr e) { failure = e; });
  io.run();
  pool.join();
  if (failure) std::rethrow_exception(failure);
  return {context.take_findings(), context.take_notes()};
}

// The part of a log written after `offset` (bytes).
inline std::string read_from(const std::string& path, std::streamoff offset) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(offset);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::streamoff file_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<std::streamoff>(in.tellg()) : 0;
}

inline int count_of(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

inline std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.find(needle) != std::string::npos) out.push_back(line);
  return out;
}

}  // namespace paicha::services::postgresql::testing

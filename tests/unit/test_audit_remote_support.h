#pragma once
// Shared by the SSH/FTP/Telnet/MSSQL audit tests: running a CheckFn on an io_context the way
// the audit engine does, and reading the testenv's variables and logs.
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/finding.h"
#include "services/check.h"

namespace paicha::test {

inline std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Present only when the shared testenv runs (scripts/testenv/start.sh) and its env is exported.
inline bool testenv_available() {
  return !env_or_empty("PAICHA_TESTENV_DIR").empty();
}

inline std::unique_ptr<services::AuditContext> make_audit_context(const std::string& service,
                                                                  uint16_t port) {
  auto context = std::make_unique<services::AuditContext>();
  context->asset.host = "127.0.0.1";
  context->asset.port = port;
  context->asset.service = service;
  context->endpoint = {asio::ip::make_address("127.0.0.1"), port};
  context->guess.pace = services::Millis{0};
  context->timeout = services::Millis{5000};
  return context;
}

inline std::vector<Finding> run_audit(services::CheckFn check, services::AuditContext& context) {
  asio::io_context io;
  asio::thread_pool pool(4);
  context.blocking_pool = &pool;
  std::exception_ptr failure;
  asio::co_spawn(io, check(context), [&failure](std::exception_ptr e) { failure = e; });
  io.run();
  pool.join();
  context.blocking_pool = nullptr;
  if (failure) std::rethrow_exception(failure);
  return context.take_findings();
}

inline const Finding* find_rule(const std::vector<Finding>& findings, const std::string& rule) {
  auto it = std::find_if(findings.begin(), findings.end(),
                         [&rule](const Finding& f) { return f.rule == rule; });
  return it == findings.end() ? nullptr : &*it;
}

inline std::string read_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Occurrences of `needle` in the part of `path` written after byte `from`.
inline size_t count_in_log_since(const std::string& path, size_t from, const std::string& needle) {
  const std::string text = read_file_text(path);
  size_t count = 0;
  for (size_t pos = std::min(from, text.size());
       (pos = text.find(needle, pos)) != std::string::npos; pos += needle.size())
    ++count;
  return count;
}

inline size_t file_size_now(const std::string& path) {
  return read_file_text(path).size();
}

}  // namespace paicha::test

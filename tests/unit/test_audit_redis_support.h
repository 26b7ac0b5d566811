#pragma once
// Shared by the Redis and Memcached live tests: the testenv's variables, running a CheckFn on a
// single-threaded io_context, private server instances in a temp dir, and a MONITOR tap.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "services/check.h"
#include "services/guessing.h"

namespace paicha::services::audit_test {

// A testenv variable from the environment, or else from $PAICHA_TESTENV_DIR/{env,secrets.env}.
inline std::optional<std::string> testenv(const std::string& name) {
  if (const char* value = std::getenv(name.c_str()); value && *value) return std::string(value);
  const char* dir = std::getenv("PAICHA_TESTENV_DIR");
  if (!dir || !*dir) return std::nullopt;
  for (const char* file : {"/env", "/secrets.env"}) {
    std::ifstream in(std::string(dir) + file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(name + "=", 0) == 0) return line.substr(name.size() + 1);
    }
  }
  return std::nullopt;
}

inline std::optional<uint16_t> testenv_port(const std::string& name) {
  const auto value = testenv(name);
  if (!value) return std::nullopt;
  return static_cast<uint16_t>(std::stoi(*value));
}

// AuditContext holds a mutex, so it cannot be returned by value.
inline std::unique_ptr<AuditContext> make_context(const std::string& service, uint16_t port,
                                                  bool tls) {
  auto context_ptr = std::make_unique<AuditContext>();
  AuditContext& context = *context_ptr;
  context.asset.host = "127.0.0.1";
  context.asset.port = port;
  context.asset.service = service;
  context.asset.tls = tls;
  context.endpoint = {asio::ip::make_address("127.0.0.1"), port};
  context.timeout = Millis(2000);
  context.guess.pace = Millis(0);
  context.guess.users = {"default"};
  return context_ptr;
}

struct CheckOutcome {
  std::vector<Finding> findings;
  std::vector<std::string> notes;
  std::set<std::string> rules() const {
    std::set<std::string> out;
    for (const auto& finding : findings) out.insert(finding.rule);
    return out;
  }
  const Finding* find(const std::string& rule) const {
    for (const auto& finding : findings)
      if (finding.rule == rule) return &finding;
    return nullptr;
  }
  std::string all_notes() const {
    std::string out;
    for (const auto& note : notes) out += note + "\n";
    return out;
  }
};

inline CheckOutcome run_check(AuditContext& context, CheckFn check) {
  asio::io_context io;
  asio::thread_pool pool(1);
  context.blocking_pool = &pool;
  std::exception_ptr failure;
  asio::co_spawn(io, check(context), [&failure](std::exception_ptr e) { failure = e; });
  io.run();
  pool.join();
  if (failure) std::rethrow_exception(failure);
  return {context.take_findings(), context.take_notes()};
}

inline uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

inline std::string run_command(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

// A throw-away server started by a test, stopped by the pid it wrote (never by name).
class PrivateServer {
 public:
  PrivateServer(const std::string& name, const std::string& start_command_with_dir_and_pid)
      : dir_(std::filesystem::temp_directory_path() /
             ("paicha-audit-redis-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
    std::string command = start_command_with_dir_and_pid;
    replace(command, "{dir}", dir_.string());
    replace(command, "{pid}", (dir_ / "server.pid").string());
    std::system(command.c_str());
  }
  ~PrivateServer() {
    if (const int pid = read_pid(); pid > 0) {
      ::kill(pid, SIGTERM);
      for (int i = 0; i < 50 && ::kill(pid, 0) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  const std::filesystem::path& dir() const { return dir_; }
  int read_pid() const {
    for (int i = 0; i < 50; ++i) {
      std::ifstream in(dir_ / "server.pid");
      int pid = 0;
      if (in >> pid && pid > 0) return pid;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
  }

 private:
  static void replace(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  std::filesystem::path dir_;
};

// Reads everything a Redis MONITOR connection sees until stopped; `commands()` gives the
// lower-case command names (with "config|get"-style subcommands when present), one per line.
class MonitorTap {
 public:
  MonitorTap(uint16_t port, const std::string& password) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return;
    std::string hello;
    if (!password.empty()) {
      hello +=
          "*2\r\n$4\r\nAUTH\r\n$" + std::to_string(password.size()) + "\r\n" + password + "\r\n";
    }
    hello += "*1\r\n$7\r\nMONITOR\r\n";
    if (::write(fd_, hello.data(), hello.size()) != static_cast<ssize_t>(hello.size())) return;
    thread_ = std::thread([this] { loop(); });
    // MONITOR is active once its +OK arrived.
    for (int i = 0; i < 100 && !ready(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ~MonitorTap() { stop(); }

  bool ready() {
    std::lock_guard lock(mutex_);
    return text_.find("+OK\r\n") != std::string::npos;
  }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  std::vector<std::string> commands() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    std::istringstream lines(text_);
    std::string line;
    while (std::getline(lines, line)) {
      // +1700000000.123456 [0 127.0.0.1:45678] "config" "get" "bind"
      const size_t bracket = line.find("] \"");
      if (line.empty() || line[0] != '+' || bracket == std::string::npos) continue;
      std::vector<std::string> words;
      size_t at = bracket + 2;
      while (at < line.size() && line[at] == '"' && words.size() < 2) {
        const size_t end = line.find('"', at + 1);
        if (end == std::string::npos) break;
        words.push_back(line.substr(at + 1, end - at - 1));
        at = end + 2;
      }
      if (words.empty()) continue;
      for (auto& word : words)
        for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back(words[0]);
    }
    return out;
  }

 private:
  void loop() {
    char buffer[8192];
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) break;
      std::lock_guard lock(mutex_);
      text_.append(buffer, static_cast<size_t>(n));
    }
  }
  int fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::string text_;
};

// INFO commandstats as {"config|get": calls}: counts every command, admin ones included (which
// MONITOR leaves out).
inline std::map<std::string, long> command_calls(uint16_t port, const std::string& password = "") {
  const std::string auth = password.empty() ? "" : "REDISCLI_AUTH='" + password + "' ";
  const std::string text =
      run_command(auth + "redis-cli -p " + std::to_string(port) + " INFO commandstats");
  std::map<std::string, long> calls;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    // cmdstat_config|get:calls=1,usec=15,...
    if (line.rfind("cmdstat_", 0) != 0) continue;
    const size_t colon = line.find(':');
    const size_t equals = line.find("calls=");
    if (colon == std::string::npos || equals == std::string::npos) continue;
    calls[line.substr(8, colon - 8)] = std::stol(line.substr(equals + 6));
  }
  return calls;
}

inline std::map<std::string, long> calls_between(const std::map<std::string, long>& before,
                                                 const std::map<std::string, long>& after) {
  std::map<std::string, long> diff;
  for (const auto& [name, count] : after) {
    const auto old = before.find(name);
    const long delta = count - (old == before.end() ? 0 : old->second);
    if (delta > 0) diff[name] = delta;
  }
  return diff;
}

}  // namespace paicha::services::audit_test

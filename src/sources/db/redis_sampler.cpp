// Redis through hiredis: keyspace sampling with SCAN (never KEYS), values read by type with
// bounded reads (GETRANGE, HSCAN, LRANGE, SSCAN, ZRANGE, XRANGE). Keys are grouped into
// "tables" by their prefix ("user:1001" -> "user:*"); hash and stream fields are the columns.
// Only reading commands are sent; there is no transaction to open.
#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <map>
#include <memory>

#include "core/errors.h"
#include "core/i18n.h"
#include "sources/db/sampler.h"

namespace paicha::sources::db {

namespace {

struct ReplyCloser {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyCloser>;

constexpr size_t kMaxFields = 64;    // fields read per hash
constexpr size_t kMaxElements = 10;  // members read per list, set, sorted set

std::string key_group(const std::string& key) {
  size_t colon = key.find(':');
  return colon == std::string::npos ? "*" : key.substr(0, colon) + ":*";
}

class RedisSampler : public Sampler {
 public:
  RedisSampler(Dsn dsn, Login login, SamplerOptions options)
      : dsn_(std::move(dsn)), login_(std::move(login)), options_(options) {
    timeval tv{static_cast<time_t>(options_.connect_timeout_s), 0};
    ctx_.reset(redisConnectWithTimeout(dsn_.host.c_str(), dsn_.port, tv));
    if (!ctx_ || ctx_->err)
      throw RuntimeError(fmt::format("{} {}: {}", tr("无法连接", "cannot connect to"),
                                     dsn_.masked(), ctx_ ? ctx_->errstr : "out of memory"));
    timeval query_tv{static_cast<time_t>(options_.statement_timeout_ms / 1000),
                     static_cast<suseconds_t>((options_.statement_timeout_ms % 1000) * 1000)};
    redisSetTimeout(ctx_.get(), query_tv);
    if (!login_.password.empty()) {
      Reply r = login_.user.empty() ? command({"AUTH", login_.password})
                                    : command({"AUTH", login_.user, login_.password});
      if (r->type == REDIS_REPLY_ERROR)
        throw RuntimeError(fmt::format("{} {}: {}", dsn_.masked(), tr("认证失败", "AUTH failed"),
                                       std::string(r->str, r->len)));
    }
  }

  bool can_scan_all() const override { return false; }

  std::string server_version() override {
    Reply r = command({"INFO", "server"});
    if (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS) return "";
    std::string info(r->str, r->len);
    size_t at = info.find("redis_version:");
    if (at == std::string::npos) return "";
    size_t end = info.find_first_of("\r\n", at);
    return "Redis " + info.substr(at + 14, end - at - 14);
  }

  std::vector<TableInfo> tables() override {
    std::vector<std::pair<int, uint64_t>> dbs;  // index, keys
    Reply info = command({"INFO", "keyspace"});
    if (info->type == REDIS_REPLY_ERROR)
      throw RuntimeError(
          fmt::format("{}: INFO keyspace: {}", dsn_.masked(), std::string(info->str, info->len)));
    std::string text(info->str, info->len);
    for (size_t at = text.find("\ndb"); at != std::string::npos; at = text.find("\ndb", at + 1)) {
      int index = std::atoi(text.c_str() + at + 3);
      size_t keys = text.find("keys=", at);
      if (keys == std::string::npos) continue;
      dbs.emplace_back(index, std::stoull(text.substr(keys + 5)));
    }
    if (!dsn_.database.empty()) {
      int wanted = std::atoi(dsn_.database.c_str());
      std::erase_if(dbs, [wanted](const auto& d) { return d.first != wanted; });
    }
    std::vector<TableInfo> out;
    for (const auto& [index, total] : dbs) {
      command({"SELECT", std::to_string(index)});
      std::map<std::string, size_t> groups;  // key group -> index into out
      std::vector<std::string> keys;
      std::string cursor = "0";
      do {
        Reply r = command({"SCAN", cursor, "COUNT", "1000"});
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) break;
        cursor = std::string(r->element[0]->str, r->element[0]->len);
        for (size_t i = 0; i < r->element[1]->elements; ++i)
          keys.emplace_back(r->element[1]->element[i]->str, r->element[1]->element[i]->len);
      } while (cursor != "0" && keys.size() < options_.sample_rows);
      if (keys.size() > options_.sample_rows) keys.resize(options_.sample_rows);
      const double scale = keys.empty() ? 0 : static_cast<double>(total) / keys.size();
      for (const auto& key : keys) {
        std::string group = key_group(key);
        auto [it, fresh] = groups.try_emplace(group, out.size());
        if (fresh) {
          TableInfo t;
          t.database = "db" + std::to_string(index);
          t.name = group;
          t.native_id = out.size();
          out.push_back(std::move(t));
          rows_.emplace_back();
        }
        read_key(key, out[it->second], rows_[it->second]);
        Reply mem = command({"MEMORY", "USAGE", key});
        if (mem->type == REDIS_REPLY_INTEGER)
          out[it->second].bytes += static_cast<uint64_t>(mem->integer * scale);
        out[it->second].rows += 1;
      }
      for (auto& [group, i] : groups) out[i].rows = static_cast<uint64_t>(out[i].rows * scale);
    }
    return out;
  }

  uint64_t sample(const TableInfo& t, const RowSink& sink) override {
    if (t.native_id >= rows_.size()) return 0;
    uint64_t count = 0;
    std::vector<std::optional<std::string_view>> values(t.columns.size());
    for (const auto& row : rows_[t.native_id]) {
      std::fill(values.begin(), values.end(), std::nullopt);
      for (const auto& [column, value] : row.cells) values.at(column) = value;
      sink(values);
      ++count;
    }
    return count;
  }

  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>&, const RowSink& sink) override {
    return sample(t, sink);
  }

 private:
  struct Row {
    std::string group;
    std::vector<std::pair<size_t, std::string>> cells;
  };

  Reply command(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* r = static_cast<redisReply*>(
        redisCommandArgv(ctx_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (!r)
      throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(), args[0],
                                     ctx_->errstr[0] ? ctx_->errstr : "no reply"));
    return Reply(r);
  }

  static size_t column(TableInfo& t, const std::string& name) {
    for (size_t i = 0; i < t.columns.size(); ++i)
      if (t.columns[i].name == name) return i;
    t.columns.push_back({name, ""});
    return t.columns.size() - 1;
  }

  void add_value(TableInfo& t, std::vector<Row>& rows, const std::string& col,
                 const redisReply* r) {
    if (!r || (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS)) return;
    Row& row = rows.emplace_back();
    row.group = t.database + "/" + t.name;
    row.cells.emplace_back(column(t, col),
                           std::string(r->str, std::min(r->len, options_.max_value_bytes)));
  }

  // Reads a bounded part of one key's value into rows of its group's table.
  void read_key(const std::string& key, TableInfo& t, std::vector<Row>& rows) {
    Reply type = command({"TYPE", key});
    const std::string kind(type->str ? type->str : "", type->str ? type->len : 0);
    const std::string limit = std::to_string(options_.max_value_bytes - 1);
    if (kind == "string") {
      Reply v = command({"GETRANGE", key, "0", limit});
      add_value(t, rows, "value", v.get());
    } else if (kind == "hash") {
      Reply v = command({"HSCAN", key, "0", "COUNT", std::to_string(kMaxFields)});
      if (v->type != REDIS_REPLY_ARRAY || v->elements != 2) return;
      Row& row = rows.emplace_back();
      row.group = t.database + "/" + t.name;
      const redisReply* pairs = v->element[1];
      for (size_t i = 0; i + 1 < pairs->elements && i < kMaxFields * 2; i += 2)
        row.cells.emplace_back(
            column(t, std::string(pairs->element[i]->str, pairs->element[i]->len)),
            std::string(pairs->element[i + 1]->str,
                        std::min(pairs->element[i + 1]->len, options_.max_value_bytes)));
    } else if (kind == "list" || kind == "set" || kind == "zset") {
      const std::string last = std::to_string(kMaxElements - 1);
      Reply v = kind == "list"   ? command({"LRANGE", key, "0", last})
                : kind == "zset" ? command({"ZRANGE", key, "0", last})
                                 : command({"SSCAN", key, "0", "COUNT", "10"});
      const redisReply* items = v.get();
      if (kind == "set" && v->type == REDIS_REPLY_ARRAY && v->elements == 2) items = v->element[1];
      if (items->type != REDIS_REPLY_ARRAY) return;
      for (size_t i = 0; i < items->elements && i < kMaxElements; ++i)
        add_value(t, rows, "member", items->element[i]);
    } else if (kind == "stream") {
      Reply v = command({"XRANGE", key, "-", "+", "COUNT", "5"});
      if (v->type != REDIS_REPLY_ARRAY) return;
      for (size_t e = 0; e < v->elements; ++e) {
        const redisReply* entry = v->element[e];
        if (entry->elements != 2) continue;
        Row& row = rows.emplace_back();
        row.group = t.database + "/" + t.name;
        const redisReply* f = entry->element[1];
        for (size_t i = 0; i + 1 < f->elements; i += 2)
          row.cells.emplace_back(column(t, std::string(f->element[i]->str, f->element[i]->len)),
                                 std::string(f->element[i + 1]->str, f->element[i + 1]->len));
      }
    }
  }

  struct ContextCloser {
    void operator()(redisContext* c) const { redisFree(c); }
  };

  Dsn dsn_;
  Login login_;
  SamplerOptions options_;
  std::unique_ptr<redisContext, ContextCloser> ctx_;
  std::vector<std::vector<Row>> rows_;  // per table, in the order of tables()
};

}  // namespace

std::unique_ptr<Sampler> open_redis_sampler(const Dsn& dsn, const Login& login,
                                            const SamplerOptions& options) {
  return std::make_unique<RedisSampler>(dsn, login, options);
}

}  // namespace paicha::sources::db

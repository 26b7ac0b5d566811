// Redis through hiredis: keyspace sampling with SCAN (never KEYS), values read by type with
// bounded reads (GETRANGE, HSCAN, LRANGE, SSCAN, ZRANGE, XRANGE). Keys are grouped into
// "tables" by their prefix ("user:1001" -> "user:*"); hash and stream fields are the columns.
// --exact walks a group's whole keyspace with SCAN MATCH and pages through every value,
// pipelined. Only reading commands are sent; there is no transaction to open, so an exact scan
// is not a snapshot: keys written meanwhile may or may not be counted.
#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

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

// The exact scan. A pipeline round sends up to kPipeline commands before reading their
// replies, so a SCAN batch of 1000 keys costs a few round trips instead of 2000. The first
// page of a value is small enough that a round of first pages stays within kRoundElements yet
// reads a default-encoded (listpack, up to 128 entries) hash, set or list whole; the rest of a
// big value follows in kPage pages. kRoundElements bounds what one round asks the server to
// buffer for us.
constexpr size_t kScanCount = 1000;
constexpr size_t kPipeline = 1000;
constexpr size_t kFirstPage = 128;
constexpr size_t kPage = 1000;
constexpr size_t kRoundElements = kPipeline * kFirstPage;

std::string key_group(const std::string& key) {
  size_t colon = key.find(':');
  return colon == std::string::npos ? "*" : key.substr(0, colon) + ":*";
}

// SCAN's MATCH pattern for a group: its prefix taken literally. The "*" group (keys without a
// colon) has none; its keys are told apart by key_group.
std::string match_pattern(const std::string& group) {
  std::string out;
  for (char c : std::string_view(group).substr(0, group.size() - 2)) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out + ":*";
}

// The stream ID just after `id`, where the next XRANGE page starts ("(" exclusive ranges need
// Redis 6.2).
std::string next_stream_id(std::string_view id) {
  size_t dash = id.find('-');
  uint64_t ms = 0, seq = 0;
  std::from_chars(id.data(), id.data() + std::min(dash, id.size()), ms);
  if (dash != std::string_view::npos)
    std::from_chars(id.data() + dash + 1, id.data() + id.size(), seq);
  if (seq == UINT64_MAX) return std::to_string(ms + 1) + "-0";
  return std::to_string(ms) + "-" + std::to_string(seq + 1);
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
        const uint64_t rows = read_key(key, out[it->second], rows_[it->second]);
        Reply mem = command({"MEMORY", "USAGE", key});
        if (mem->type == REDIS_REPLY_INTEGER)
          out[it->second].bytes += static_cast<uint64_t>(mem->integer * scale);
        out[it->second].rows += rows;
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

  // Every key of the group, every value whole (strings up to max_value_bytes, as sampled), in
  // the rows sample() makes, so that the exact row count means what the estimate means.
  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>& columns,
                    const RowSink& sink) override {
    Reply selected = command({"SELECT", t.database.substr(2)});
    if (selected->type == REDIS_REPLY_ERROR)
      throw RuntimeError(
          fmt::format("{}: SELECT: {}", dsn_.masked(), std::string(selected->str, selected->len)));
    FullScan scan{{}, std::vector<std::optional<std::string_view>>(columns.size()), sink};
    for (size_t k = 0; k < columns.size(); ++k)
      scan.position.emplace(t.columns.at(columns[k]).name, k);
    if (auto p = scan.position.find("value"); p != scan.position.end()) scan.value = p->second;
    if (auto p = scan.position.find("member"); p != scan.position.end()) scan.member = p->second;
    // SCAN returns a key again when the table is resized meanwhile; the group's keys seen so
    // far (about the size of the keys themselves) keep such a key from counting twice.
    std::unordered_set<std::string> seen;
    std::vector<std::string> scan_args = {"SCAN", "0"};
    if (t.name != "*") scan_args.insert(scan_args.end(), {"MATCH", match_pattern(t.name)});
    scan_args.insert(scan_args.end(), {"COUNT", std::to_string(kScanCount)});
    std::string cursor = "0";
    do {
      std::vector<KeyRead> batch;
      do {
        scan_args[1] = cursor;
        Reply r = command(scan_args);
        if (r->type == REDIS_REPLY_ERROR)
          throw RuntimeError(
              fmt::format("{}: SCAN: {}", dsn_.masked(), std::string(r->str, r->len)));
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 2)
          throw RuntimeError(
              fmt::format("{}: SCAN: {}", dsn_.masked(), tr("无法识别的应答", "unexpected reply")));
        cursor = std::string(r->element[0]->str, r->element[0]->len);
        for (size_t i = 0; i < r->element[1]->elements; ++i) {
          std::string key(r->element[1]->element[i]->str, r->element[1]->element[i]->len);
          if (key_group(key) != t.name || !seen.insert(key).second) continue;
          batch.emplace_back().key = std::move(key);
        }
      } while (cursor != "0" && batch.size() < kPipeline);
      read_batch(batch, scan);
    } while (cursor != "0");
    return scan.rows;
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

  // One key of an exact scan, read over as many pipeline rounds as its value needs.
  struct KeyRead {
    std::string key;
    std::string kind;                               // empty until TYPE has answered
    bool first = true;                              // no page of the value read yet
    std::string cursor = "0";                       // HSCAN, SSCAN
    uint64_t offset = 0;                            // LRANGE, ZRANGE
    std::string next_id = "-";                      // XRANGE
    std::vector<std::optional<std::string>> cells;  // hash: its row, filled over HSCAN pages
    bool found = false;                             // hash: a field was read
    std::unordered_set<std::string> members;        // set: SSCAN may repeat a member
  };

  // Lets field names be looked up straight from a reply, without a string each.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  struct FullScan {
    std::unordered_map<std::string, size_t, NameHash, std::equal_to<>> position;  // -> row index
    std::vector<std::optional<std::string_view>> row;
    const RowSink& sink;
    uint64_t rows = 0;
    size_t value = SIZE_MAX;   // row index of a string key's "value" column, if requested
    size_t member = SIZE_MAX;  // of a collection's "member" column
  };

  std::string_view cut(const redisReply* r) const {
    return {r->str, std::min(r->len, options_.max_value_bytes)};
  }

  size_t page_of(const KeyRead& k) const {
    if (k.kind.empty() || k.kind == "string") return 1;
    return k.first ? kFirstPage : kPage;
  }

  std::vector<std::string> next_command(const KeyRead& k) const {
    const std::string page = std::to_string(page_of(k));
    if (k.kind.empty()) return {"TYPE", k.key};
    if (k.kind == "string")
      return {"GETRANGE", k.key, "0", std::to_string(options_.max_value_bytes - 1)};
    if (k.kind == "hash") return {"HSCAN", k.key, k.cursor, "COUNT", page};
    if (k.kind == "set") return {"SSCAN", k.key, k.cursor, "COUNT", page};
    if (k.kind == "stream") return {"XRANGE", k.key, k.next_id, "+", "COUNT", page};
    return {k.kind == "list" ? "LRANGE" : "ZRANGE", k.key, std::to_string(k.offset),
            std::to_string(k.offset + page_of(k) - 1)};
  }

  // Sends the batch's commands in pipelined rounds until every key is read whole.
  void read_batch(std::vector<KeyRead>& batch, FullScan& scan) {
    std::deque<size_t> pending;
    for (size_t i = 0; i < batch.size(); ++i) pending.push_back(i);
    std::vector<size_t> round;
    std::vector<Reply> replies;
    while (!pending.empty()) {
      round.clear();
      size_t elements = 0;
      while (!pending.empty() && round.size() < kPipeline && elements < kRoundElements) {
        const KeyRead& k = batch[pending.front()];
        elements += page_of(k);
        append(next_command(k));
        round.push_back(pending.front());
        pending.pop_front();
      }
      // Every reply of the round is read before any is judged, so that an error never leaves
      // replies on the connection for the next command to take as its own.
      replies.clear();
      for (size_t i = 0; i < round.size(); ++i) {
        void* r = nullptr;
        if (redisGetReply(ctx_.get(), &r) != REDIS_OK || !r)
          throw RuntimeError(
              fmt::format("{}: {}", dsn_.masked(), ctx_->errstr[0] ? ctx_->errstr : "no reply"));
        replies.emplace_back(static_cast<redisReply*>(r));
      }
      std::string error;
      for (size_t i = 0; i < round.size(); ++i) {
        KeyRead& k = batch[round[i]];
        if (!read_reply(k, replies[i].get(), scan, error))
          pending.push_back(round[i]);
        else
          k = KeyRead{};  // done: free its buffers
      }
      if (!error.empty()) throw RuntimeError(fmt::format("{}: {}", dsn_.masked(), error));
    }
  }

  void append(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    if (redisAppendCommandArgv(ctx_.get(), static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK)
      throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(), args[0],
                                     ctx_->errstr[0] ? ctx_->errstr : "out of memory"));
  }

  void emit(FullScan& scan) {
    scan.sink(scan.row);
    ++scan.rows;
    std::fill(scan.row.begin(), scan.row.end(), std::nullopt);
  }

  // One value as the only cell of a row (string value, list/set/sorted-set member).
  void emit_single(FullScan& scan, size_t column, const redisReply* value) {
    if (column != SIZE_MAX) scan.row[column] = cut(value);
    emit(scan);
  }

  static std::string_view text(const redisReply* r) { return {r->str, r->len}; }

  // Takes one reply for k; true when k is done. A key deleted or retyped since SCAN or TYPE
  // (type "none", an empty reply, WRONGTYPE) is skipped; another error is kept in `error` and
  // ends the scan once the round's replies are all read.
  bool read_reply(KeyRead& k, const redisReply* r, FullScan& scan, std::string& error) {
    if (r->type == REDIS_REPLY_ERROR) {
      if (!text(r).starts_with("WRONGTYPE") && error.empty())
        error = fmt::format("{}: {}", next_command(k)[0], text(r));
      return true;
    }
    if (r->type == REDIS_REPLY_NIL) return true;
    if (k.kind.empty()) {
      k.kind.assign(r->str ? r->str : "", r->str ? r->len : 0);
      return k.kind != "string" && k.kind != "hash" && k.kind != "list" && k.kind != "set" &&
             k.kind != "zset" && k.kind != "stream";
    }
    if (k.kind == "string") {
      if (r->type == REDIS_REPLY_STRING) emit_single(scan, scan.value, r);
      return true;
    }
    const size_t page = page_of(k);
    k.first = false;
    if (r->type != REDIS_REPLY_ARRAY) return true;
    if (k.kind == "hash" || k.kind == "set") {
      if (r->elements != 2 || r->element[1]->type != REDIS_REPLY_ARRAY) return true;
      k.cursor.assign(r->element[0]->str, r->element[0]->len);
      const redisReply* items = r->element[1];
      if (k.kind == "set") {
        for (size_t i = 0; i < items->elements; ++i)
          if (k.members.emplace(items->element[i]->str, items->element[i]->len).second)
            emit_single(scan, scan.member, items->element[i]);
        return k.cursor == "0";
      }
      if (k.cells.empty()) k.cells.resize(scan.row.size());
      for (size_t i = 0; i + 1 < items->elements; i += 2) {
        k.found = true;  // a repeated field only writes its cell again
        auto p = scan.position.find(text(items->element[i]));
        if (p != scan.position.end()) k.cells[p->second] = std::string(cut(items->element[i + 1]));
      }
      if (k.cursor != "0") return false;
      if (k.found) {
        for (size_t i = 0; i < k.cells.size(); ++i)
          if (k.cells[i]) scan.row[i] = *k.cells[i];
        emit(scan);
      }
      return true;
    }
    if (k.kind == "stream") {
      for (size_t e = 0; e < r->elements; ++e) {
        const redisReply* entry = r->element[e];
        if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) continue;
        k.next_id = next_stream_id(text(entry->element[0]));
        const redisReply* f = entry->element[1];
        for (size_t i = 0; i + 1 < f->elements; i += 2)
          if (auto p = scan.position.find(text(f->element[i])); p != scan.position.end())
            scan.row[p->second] = cut(f->element[i + 1]);
        emit(scan);
      }
      return r->elements < page;
    }
    for (size_t i = 0; i < r->elements; ++i) emit_single(scan, scan.member, r->element[i]);
    k.offset += r->elements;
    return r->elements < page;
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

  // Reads a bounded part of one key's value into rows of its group's table. Returns the rows
  // the whole value makes (its members or entries for a collection), which scan_all would read.
  uint64_t read_key(const std::string& key, TableInfo& t, std::vector<Row>& rows) {
    Reply type = command({"TYPE", key});
    const std::string kind(type->str ? type->str : "", type->str ? type->len : 0);
    const std::string limit = std::to_string(options_.max_value_bytes - 1);
    if (kind == "string") {
      Reply v = command({"GETRANGE", key, "0", limit});
      add_value(t, rows, "value", v.get());
      return 1;
    } else if (kind == "hash") {
      Reply v = command({"HSCAN", key, "0", "COUNT", std::to_string(kMaxFields)});
      if (v->type != REDIS_REPLY_ARRAY || v->elements != 2) return 0;
      Row& row = rows.emplace_back();
      row.group = t.database + "/" + t.name;
      const redisReply* pairs = v->element[1];
      for (size_t i = 0; i + 1 < pairs->elements && i < kMaxFields * 2; i += 2)
        row.cells.emplace_back(
            column(t, std::string(pairs->element[i]->str, pairs->element[i]->len)),
            std::string(pairs->element[i + 1]->str,
                        std::min(pairs->element[i + 1]->len, options_.max_value_bytes)));
      return 1;
    } else if (kind == "list" || kind == "set" || kind == "zset") {
      const std::string last = std::to_string(kMaxElements - 1);
      Reply v = kind == "list"   ? command({"LRANGE", key, "0", last})
                : kind == "zset" ? command({"ZRANGE", key, "0", last})
                                 : command({"SSCAN", key, "0", "COUNT", "10"});
      const redisReply* items = v.get();
      if (kind == "set" && v->type == REDIS_REPLY_ARRAY && v->elements == 2) items = v->element[1];
      if (items->type != REDIS_REPLY_ARRAY) return 0;
      for (size_t i = 0; i < items->elements && i < kMaxElements; ++i)
        add_value(t, rows, "member", items->element[i]);
      return length(kind == "list" ? "LLEN" : kind == "zset" ? "ZCARD" : "SCARD", key);
    } else if (kind == "stream") {
      Reply v = command({"XRANGE", key, "-", "+", "COUNT", "5"});
      if (v->type != REDIS_REPLY_ARRAY) return 0;
      for (size_t e = 0; e < v->elements; ++e) {
        const redisReply* entry = v->element[e];
        if (entry->elements != 2) continue;
        Row& row = rows.emplace_back();
        row.group = t.database + "/" + t.name;
        const redisReply* f = entry->element[1];
        for (size_t i = 0; i + 1 < f->elements; i += 2)
          row.cells.emplace_back(
              column(t, std::string(f->element[i]->str, f->element[i]->len)),
              std::string(f->element[i + 1]->str,
                          std::min(f->element[i + 1]->len, options_.max_value_bytes)));
      }
      return length("XLEN", key);
    }
    return 0;
  }

  uint64_t length(const char* how, const std::string& key) {
    Reply n = command({how, key});
    return n->type == REDIS_REPLY_INTEGER && n->integer > 0 ? static_cast<uint64_t>(n->integer) : 0;
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

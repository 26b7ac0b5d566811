#include "app/scan_run.h"

#include <fmt/format.h>

#include <unistd.h>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/interrupt.h"
#include "app/progress.h"
#include "core/checkpoint.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/ports.h"
#include "core/targets.h"
#include "net/connect_scan.h"

namespace paicha::app {

void add_scan_options(CLI::App& cmd, ScanArgs& args, CLI::Option*& resume_option) {
  cmd.add_option("targets", args.targets,
                 std::string(tr("目标：IP、IPv6、CIDR、范围（10.1.2.3-40、10.1.2-3.0-255）、主机名",
                                "targets: IPv4/IPv6 addresses, CIDR, ranges (10.1.2.3-40, "
                                "10.1.2-3.0-255), host names")))
      ->type_name("TARGET");
  cmd.add_option(
         "-i,--input-list", args.input_lists,
         std::string(
             tr("从文件读取目标（每行一个或多个，# 为注释）",
                "read targets from FILE (one or more per line, # comments); nmap's -iL works too")))
      ->type_name("FILE");
  cmd.add_option("--import-nmap", args.nmap_xml,
                 std::string(tr("导入 nmap XML（-oX）结果中的开放端口",
                                "import open ports from nmap XML (-oX) output")))
      ->type_name("FILE");
  cmd.add_option("--import-masscan", args.masscan,
                 std::string(tr("导入 masscan 列表（-oL）或 JSON（-oJ）结果",
                                "import masscan list (-oL) or JSON (-oJ) output")))
      ->type_name("FILE");
  cmd.add_option("--exclude", args.exclude,
                 std::string(tr("排除的目标（逗号分隔）", "targets to exclude (comma separated)")))
      ->delimiter(',')
      ->type_name("TARGETS");
  cmd.add_option("--exclude-file", args.exclude_files,
                 std::string(tr("从文件读取排除的目标", "read targets to exclude from FILE")))
      ->type_name("FILE");
  cmd.add_option(
         "-p,--ports", args.ports,
         std::string(tr("端口：列表、范围或预设 db（默认，常见数据服务端口）、top100、-（全部）",
                        "ports: list, ranges, or a profile: db (default, data-service "
                        "ports), top100, - (all)")))
      ->type_name("PORTS");
  cmd.add_option(
         "--concurrency", args.concurrency,
         std::string(tr("同时进行的连接数（默认 1024）", "connections in flight (default 1024)")))
      ->check(CLI::Range(1, 65536));
  cmd.add_option("--rate", args.rate,
                 std::string(tr("全局速率上限，探测/秒（默认不限）",
                                "global rate limit in probes/s (default: none)")))
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--timeout", args.timeout_ms,
                 std::string(tr("单次连接超时，毫秒（默认 1000）",
                                "timeout of one connect attempt in ms (default 1000)")))
      ->check(CLI::Range(10, 600000));
  cmd.add_option(
         "--retries", args.retries,
         std::string(tr("超时后的重试次数（默认 1）", "retries after a timeout (default 1)")))
      ->check(CLI::Range(0, 10));
  cmd.add_option("--per-host", args.per_host,
                 std::string(tr("每台主机同时进行的连接数上限（默认 128）",
                                "cap of connections in flight per host (default 128)")))
      ->check(CLI::Range(1, 65536));
  cmd.add_option(
         "--threads", args.threads,
         std::string(tr("扫描线程数（默认等于 CPU 核数）", "scan threads (default: cores)")))
      ->check(CLI::Range(0, 256));
  cmd.add_flag(
      "--no-identify", args.no_identify,
      std::string(tr("只发现开放端口，不识别服务", "find open ports only, do not identify")));
  cmd.add_option("--identify-timeout", args.identify_timeout_ms,
                 std::string(tr("识别时等待每个应答的时间，毫秒（默认 1500）",
                                "wait for each identification reply in ms (default 1500)")))
      ->check(CLI::Range(50, 600000));
  resume_option =
      cmd.add_option("--resume", args.resume,
                     std::string(tr("继续被中断的运行（默认最近一次；可指定运行编号）",
                                    "continue an interrupted run (the latest, or RUN_ID)")))
          ->expected(0, 1)
          ->type_name("[RUN_ID]");
}

std::string scan_args_to_json(const ScanArgs& a) {
  nlohmann::json j = {{"targets", a.targets},
                      {"input_lists", a.input_lists},
                      {"nmap_xml", a.nmap_xml},
                      {"masscan", a.masscan},
                      {"endpoint_list", a.endpoint_list},
                      {"exclude", a.exclude},
                      {"exclude_files", a.exclude_files},
                      {"ports", a.ports},
                      {"concurrency", a.concurrency},
                      {"rate", a.rate},
                      {"timeout_ms", a.timeout_ms},
                      {"retries", a.retries},
                      {"per_host", a.per_host},
                      {"threads", a.threads},
                      {"no_identify", a.no_identify},
                      {"identify_timeout_ms", a.identify_timeout_ms}};
  j["extra"] = nlohmann::json::parse(a.extra_json, nullptr, false);
  if (j["extra"].is_discarded()) j["extra"] = nlohmann::json::object();
  return j.dump();
}

ScanArgs scan_args_from_json(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw RuntimeError(
        std::string(tr("结果库中运行参数已损坏", "run parameters in the store are corrupt")));
  ScanArgs a;
  a.targets = j.value("targets", a.targets);
  a.input_lists = j.value("input_lists", a.input_lists);
  a.nmap_xml = j.value("nmap_xml", a.nmap_xml);
  a.masscan = j.value("masscan", a.masscan);
  a.endpoint_list = j.value("endpoint_list", a.endpoint_list);
  a.exclude = j.value("exclude", a.exclude);
  a.exclude_files = j.value("exclude_files", a.exclude_files);
  a.ports = j.value("ports", a.ports);
  a.concurrency = j.value("concurrency", a.concurrency);
  a.rate = j.value("rate", a.rate);
  a.timeout_ms = j.value("timeout_ms", a.timeout_ms);
  a.retries = j.value("retries", a.retries);
  a.per_host = j.value("per_host", a.per_host);
  a.threads = j.value("threads", a.threads);
  a.no_identify = j.value("no_identify", a.no_identify);
  a.identify_timeout_ms = j.value("identify_timeout_ms", a.identify_timeout_ms);
  if (j.contains("extra")) a.extra_json = j["extra"].dump();
  return a;
}

namespace {

TargetSet build_targets(const ScanArgs& args, bool quiet) {
  TargetSet set;
  set.set_warning_handler([quiet](const std::string& message) {
    if (!quiet) std::cerr << tr("警告：", "warning: ") << message << "\n";
  });
  set.add_tokens(args.targets);
  for (const auto& file : args.input_lists) set.add_list_file(file);
  for (const auto& file : args.nmap_xml) set.add_nmap_xml(file);
  for (const auto& file : args.masscan) set.add_masscan(file);
  if (!args.endpoint_list.empty())
    set.add_masscan_text(args.endpoint_list, std::string(tr("端点列表", "endpoint list")));
  set.exclude_tokens(args.exclude);
  for (const auto& file : args.exclude_files) set.exclude_file(file);
  return set;
}

// Feeds the engine the hosts the checkpoint does not already mark done.
class ResumingSource : public net::HostSource {
 public:
  ResumingSource(const TargetSet& set, const HostCheckpoint& done)
      : cursor_(set.begin(done.watermark())), done_(done) {}
  std::optional<ScanHost> next() override {
    while (auto host = cursor_.next()) {
      if (!done_.is_done(host->index)) return host;
    }
    return std::nullopt;
  }

 private:
  TargetSet::Cursor cursor_;
  const HostCheckpoint& done_;
};

// Collects results from the engine threads and commits them in batches. A host counts as done
// in the checkpoint only together with its assets, so a crash never loses what a checkpoint
// claims.
class ResultSink {
 public:
  ResultSink(store::Store& store, int64_t run_id, HostCheckpoint checkpoint)
      : store_(store), run_id_(run_id), checkpoint_(std::move(checkpoint)) {}

  void add_asset(const Asset& asset) {
    std::lock_guard lock(mutex_);
    pending_assets_.push_back(asset);
  }
  void host_done(uint64_t index) {
    std::lock_guard lock(mutex_);
    pending_done_.push_back(index);
  }
  void flush() {
    std::vector<Asset> assets;
    std::vector<uint64_t> done;
    {
      std::lock_guard lock(mutex_);
      assets.swap(pending_assets_);
      done.swap(pending_done_);
    }
    std::lock_guard flush_lock(flush_mutex_);
    store_.upsert_assets(run_id_, assets);
    if (done.empty()) return;
    for (uint64_t index : done) checkpoint_.mark_done(index);
    store_.set_checkpoint(run_id_, checkpoint_.to_json());
  }

 private:
  store::Store& store_;
  int64_t run_id_;
  std::mutex mutex_;
  std::mutex flush_mutex_;
  std::vector<Asset> pending_assets_;
  std::vector<uint64_t> pending_done_;
  HostCheckpoint checkpoint_;
};

int64_t parse_run_id(const std::string& text) {
  try {
    size_t used = 0;
    long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (...) {
  }
  throw UsageError(fmt::format("{} \"{}\"", tr("无效的运行编号", "invalid run id"), text));
}

}  // namespace

ScanRunResult run_scan(const std::string& kind, ScanArgs args, store::Store& store,
                       const GlobalOptions& global) {
  int64_t run_id = 0;
  HostCheckpoint checkpoint;
  if (args.resume_requested) {
    if (!args.targets.empty() || !args.input_lists.empty() || !args.nmap_xml.empty() ||
        !args.masscan.empty() || !args.endpoint_list.empty())
      throw UsageError(
          std::string(tr("--resume 沿用原运行的目标，不能再给出目标",
                         "--resume reuses the run's targets; do not give targets with it")));
    std::optional<store::RunRecord> previous;
    if (args.resume.empty()) {
      for (const auto& run : store.runs(1000))
        if (run.kind == kind && run.status != "done") {
          previous = run;
          break;
        }
      if (!previous)
        throw UsageError(fmt::format(
            "{} ({})", tr("没有可继续的中断运行", "no interrupted run to resume"), kind));
    } else {
      previous = store.run(parse_run_id(args.resume));
      if (!previous || previous->kind != kind)
        throw UsageError(fmt::format("{} {}", tr("找不到运行", "no such run:"), args.resume));
      if (previous->status == "done")
        throw UsageError(fmt::format("{} #{} {}", tr("运行", "run"), previous->id,
                                     tr("已经完成", "is already complete")));
    }
    run_id = previous->id;
    args = scan_args_from_json(previous->params);
    checkpoint = HostCheckpoint::from_json(previous->checkpoint);
    store.reopen_run(run_id);
  }

  TargetSet targets = build_targets(args, global.quiet);
  PortSet ports = PortSet::parse(args.ports);
  if (targets.empty())
    throw UsageError(std::string(tr("没有要扫描的目标（给出目标、-iL 文件或导入文件）",
                                    "no targets to scan (give targets, -iL FILE or an import)")));
  if (run_id == 0) run_id = store.begin_run(kind, scan_args_to_json(args));

  net::ScanOptions options;
  options.concurrency = args.concurrency;
  options.rate = args.rate;
  options.timeout = std::chrono::milliseconds(args.timeout_ms);
  options.retries = args.retries;
  options.per_host_cap = args.per_host;
  options.threads = args.threads;
  options.identify = !args.no_identify;
  options.identify_options.read_timeout = std::chrono::milliseconds(args.identify_timeout_ms);

  const uint64_t host_total = targets.count();
  const uint64_t already_done = checkpoint.done_count();
  const uint64_t port_count = ports.ports().size();
  ResultSink sink(store, run_id, checkpoint);
  ResumingSource source(targets, checkpoint);
  net::ScanCounters counters;
  net::ScanEvents events;
  events.on_asset = [&sink](const Asset& asset, uint64_t) { sink.add_asset(asset); };
  events.on_host_done = [&sink](uint64_t index) { sink.host_done(index); };

  InterruptGuard interrupt;
  const bool show_progress = !global.quiet && !global.no_progress;
  const uint64_t probe_total =
      host_total == UINT64_MAX || port_count == 0 || host_total > UINT64_MAX / port_count
          ? 0
          : (host_total - std::min(host_total, already_done)) * port_count;
  Progress progress(
      std::string(tr("探测", "probes")),
      [&] {
        return ProgressSample{counters.probes_done.load(), probe_total,
                              fmt::format("{} {}", tr("开放", "open"), counters.open.load())};
      },
      show_progress);

  // Commits results every half second while the engine runs.
  std::mutex flusher_mutex;
  std::condition_variable flusher_wake;
  bool scanning = true;
  std::thread flusher([&] {
    std::unique_lock lock(flusher_mutex);
    while (scanning) {
      flusher_wake.wait_for(lock, std::chrono::milliseconds(500));
      lock.unlock();
      sink.flush();
      lock.lock();
    }
  });
  auto stop_flusher = [&] {
    {
      std::lock_guard lock(flusher_mutex);
      scanning = false;
    }
    flusher_wake.notify_all();
    flusher.join();
  };
  const auto started = std::chrono::steady_clock::now();
  net::ScanOutcome outcome;
  try {
    outcome =
        net::run_connect_scan(source, ports.ports(), options, events, counters, interrupt.flag());
  } catch (...) {
    stop_flusher();
    sink.flush();
    store.finish_run(run_id, "interrupted");
    throw;
  }
  stop_flusher();
  sink.flush();
  progress.finish();
  const bool interrupted = outcome == net::ScanOutcome::interrupted;
  store.finish_run(run_id, interrupted ? "interrupted" : "done");

  ScanRunResult result;
  result.args = args;
  result.interrupted = interrupted;
  result.probes = counters.probes_done.load();
  result.hosts = counters.hosts_done.load();
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto record = store.run(run_id);
  result.document.run_id = run_id;
  result.document.kind = kind;
  result.document.status = record ? record->status : "";
  result.document.started_at = record ? record->started_at : "";
  result.document.finished_at = record ? record->finished_at : "";
  result.document.assets = store.assets(run_id);
  return result;
}

}  // namespace paicha::app

#pragma once
// Discovery as a resumable run in the store: shared by `discover` and (later) `audit`.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "report/run_document.h"
#include "store/store.h"

namespace paicha::app {

struct ScanArgs {
  std::vector<std::string> targets;
  std::vector<std::string> input_lists;  // -iL
  std::vector<std::string> nmap_xml;
  std::vector<std::string> masscan;
  // Endpoints in masscan -oL form, kept in the run itself (verify: no file to lose on --resume).
  std::string endpoint_list;
  std::vector<std::string> exclude;
  std::vector<std::string> exclude_files;
  std::string ports = "db";
  int concurrency = 1024;
  double rate = 0;
  int timeout_ms = 1000;
  int retries = 1;
  int per_host = 128;
  int threads = 0;
  bool no_identify = false;
  int identify_timeout_ms = 1500;
  std::string extra_json = "{}";  // the calling command's own options, kept for --resume
  std::string resume;             // "" with resume_requested: the latest unfinished run
  bool resume_requested = false;
};

void add_scan_options(CLI::App& cmd, ScanArgs& args, CLI::Option*& resume_option);

std::string scan_args_to_json(const ScanArgs& args);
ScanArgs scan_args_from_json(const std::string& json);

struct ScanRunResult {
  report::RunDocument document;
  ScanArgs args;  // as run: on --resume, the original run's
  bool interrupted = false;
  uint64_t probes = 0;
  uint64_t hosts = 0;
  double seconds = 0;
};

// Runs (or resumes) a discovery of kind `kind`, keeping every asset in `store` as it is
// found, and returns the whole run's assets.
ScanRunResult run_scan(const std::string& kind, ScanArgs args, store::Store& store,
                       const GlobalOptions& global);

}  // namespace paicha::app

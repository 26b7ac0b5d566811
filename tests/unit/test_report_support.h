#pragma once
// A small audit run for the report tests: findings in several categories and severities, with
// masked evidence, and one personal-data file.
#include "core/finding.h"
#include "core/rules.h"
#include "report/report_model.h"

namespace paicha::report::testing {

inline Finding finding(std::string rule, std::string host, uint16_t port, std::string evidence,
                       std::string key = "") {
  Asset asset;
  asset.host = std::move(host);
  asset.port = port;
  asset.service = rule.substr(0, rule.find('.'));
  return make_finding(rule, asset, std::move(evidence), std::move(key));
}

inline ReportInputs sample_inputs() {
  ReportInputs in;
  in.run_id = 12;
  in.started_at = "2026-11-20T08:00:00Z";
  in.finished_at = "2026-11-20T08:05:00Z";
  in.params_json =
      R"({"targets":["10.1.0.0/24"],"ports":"db","extra":{"max_attempts":5,"pace_ms":20}})";
  Asset redis;
  redis.host = "10.1.0.7";
  redis.port = 6379;
  redis.service = "redis";
  redis.product = "Redis";
  redis.version = "5.0.7";
  redis.tls = false;
  Asset mysql = redis;
  mysql.host = "10.1.0.5";
  mysql.port = 3306;
  mysql.service = "mysql";
  mysql.product = "MariaDB";
  in.assets = {redis, mysql};
  in.findings = {
      finding("redis.weak_password", "10.1.0.7", 6379, "口令 ro****23", "default"),
      finding("redis.unauthorized_access", "10.1.0.7", 6379, "16 个库，3.1 GB"),
      finding("mysql.weak_password", "10.1.0.5", 3306, "root / ad****in", "root"),
  };
  store::DataAsset file;
  file.kind = "file";
  file.location = "/srv/export/students.csv";
  file.counts = {{"cn_id", 120}, {"mobile", 80}, {"email", 0}};
  file.sensitivity = "sensitive";
  store::DataAsset clean;
  clean.kind = "file";
  clean.location = "/srv/export/readme.txt";
  in.data_assets = {file, clean};
  in.data_version = "2026-07-01";
  in.today = "2026-11-21";
  return in;
}

inline ReportModel sample_model() {
  ReportInputs in = sample_inputs();
  return build_report_model(in, RuleCatalogue::builtin());
}

}  // namespace paicha::report::testing

#include "core/scan_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "core/i18n.h"
#include "core/targets.h"

namespace paicha {
namespace {

const std::string kDir = std::string(PAICHA_TEST_DATA_DIR) + "/import/";

std::string slurp(const std::string& name) {
  std::ifstream in(kDir + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Imported {
  std::vector<ScanHost> hosts;
  std::vector<std::string> warnings;
};

Imported import_nmap(const std::string& name) {
  Imported result;
  result.hosts = parse_nmap_xml(slurp(name), name,
                                [&](const std::string& w) { result.warnings.push_back(w); });
  return result;
}

Imported import_masscan(const std::string& name) {
  Imported result;
  result.hosts =
      parse_masscan(slurp(name), name, [&](const std::string& w) { result.warnings.push_back(w); });
  return result;
}

bool any_warning_contains(const Imported& imported, std::string_view text) {
  for (const std::string& w : imported.warnings) {
    if (w.find(text) != std::string::npos) return true;
  }
  return false;
}

class ScanImport : public ::testing::Test {
 protected:
  void SetUp() override { set_lang(Lang::en); }
  void TearDown() override { set_lang(Lang::zh); }
};

TEST_F(ScanImport, NmapKeepsUpHostsWithOpenTcpPorts) {
  Imported imported = import_nmap("nmap_sample.xml");
  ASSERT_EQ(imported.hosts.size(), 4u);

  const ScanHost& redis = imported.hosts[0];
  EXPECT_EQ(redis.addr.to_string(), "10.0.0.5");
  EXPECT_EQ(redis.hostname, "db5.example") << "the user-given name wins over PTR";
  EXPECT_EQ(redis.ports, (std::vector<uint16_t>{22, 6379})) << "closed, filtered and UDP are out";

  EXPECT_EQ(imported.hosts[1].addr.to_string(), "2001:db8::10");
  EXPECT_TRUE(imported.hosts[1].addr.v6);
  EXPECT_EQ(imported.hosts[1].hostname, "v6db.ptr.example");
  EXPECT_EQ(imported.hosts[1].ports, (std::vector<uint16_t>{5432}));

  // A ping-scan host (no <ports>) comes with no ports: probe the requested set.
  EXPECT_EQ(imported.hosts[2].addr.to_string(), "10.0.0.8");
  EXPECT_TRUE(imported.hosts[2].ports.empty());

  EXPECT_EQ(imported.hosts[3].addr.to_string(), "10.0.0.9");
  EXPECT_EQ(imported.hosts[3].ports, (std::vector<uint16_t>{11211}));
}

TEST_F(ScanImport, NmapReportsMalformedEntriesWithLine) {
  Imported imported = import_nmap("nmap_sample.xml");
  ASSERT_EQ(imported.warnings.size(), 2u);
  EXPECT_TRUE(any_warning_contains(imported, "nmap_sample.xml:37")) << imported.warnings[0];
  EXPECT_TRUE(any_warning_contains(imported, "\"10.0.0.999\""));
  EXPECT_TRUE(any_warning_contains(imported, "nmap_sample.xml:43"));
  EXPECT_TRUE(any_warning_contains(imported, "\"99999\""));
}

TEST_F(ScanImport, NmapTruncatedFileKeepsWhatWasRead) {
  Imported imported = import_nmap("nmap_truncated.xml");
  ASSERT_GE(imported.hosts.size(), 1u);
  EXPECT_EQ(imported.hosts[0].addr.to_string(), "10.0.0.5");
  EXPECT_EQ(imported.hosts[0].ports, (std::vector<uint16_t>{3306}));
  EXPECT_TRUE(any_warning_contains(imported, "incomplete"));
}

TEST_F(ScanImport, UnreadableXmlIsAUsageErrorNamingTheFile) {
  for (const char* name : {"garbage.xml", "not_nmap.xml"}) {
    try {
      import_nmap(name);
      ADD_FAILURE() << name << " was accepted";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}

void expect_masscan_hosts(const Imported& imported) {
  ASSERT_GE(imported.hosts.size(), 2u);
  EXPECT_EQ(imported.hosts[0].addr.to_string(), "10.0.0.5");
  EXPECT_EQ(imported.hosts[0].ports, (std::vector<uint16_t>{22, 6379})) << "merged and sorted";
}

TEST_F(ScanImport, MasscanList) {
  Imported imported = import_masscan("masscan_list.txt");
  expect_masscan_hosts(imported);
  ASSERT_EQ(imported.hosts.size(), 3u);
  EXPECT_EQ(imported.hosts[1].addr.to_string(), "10.0.0.7");
  EXPECT_EQ(imported.hosts[1].ports, (std::vector<uint16_t>{27017}));
  EXPECT_EQ(imported.hosts[2].addr.to_string(), "2001:db8::10");
  EXPECT_EQ(imported.warnings.size(), 3u);
  EXPECT_TRUE(any_warning_contains(imported, "masscan_list.txt:9"));
  EXPECT_TRUE(any_warning_contains(imported, "\"notaport\""));
  EXPECT_TRUE(any_warning_contains(imported, "masscan_list.txt:10"));
  EXPECT_TRUE(any_warning_contains(imported, "\"10.0.0.300\""));
  EXPECT_TRUE(any_warning_contains(imported, "masscan_list.txt:11"));
}

TEST_F(ScanImport, MasscanJsonWithTrailingComma) {
  Imported imported = import_masscan("masscan_old.json");
  expect_masscan_hosts(imported);
  ASSERT_EQ(imported.hosts.size(), 2u) << "UDP-only and bad records add no host";
  EXPECT_EQ(imported.hosts[1].addr.to_string(), "10.0.0.9");
  EXPECT_EQ(imported.hosts[1].ports, (std::vector<uint16_t>{11211}));
  EXPECT_TRUE(any_warning_contains(imported, "masscan_old.json:6")) << "port 70000";
  EXPECT_TRUE(any_warning_contains(imported, "masscan_old.json:8")) << "broken record";
  EXPECT_TRUE(any_warning_contains(imported, "masscan_old.json:9")) << "bad ip";
  EXPECT_EQ(imported.warnings.size(), 3u);
}

TEST_F(ScanImport, MasscanJsonOtherLayouts) {
  for (const char* name : {"masscan_new.json", "masscan_pretty.json"}) {
    Imported imported = import_masscan(name);
    ASSERT_EQ(imported.hosts.size(), 2u) << name;
    EXPECT_EQ(imported.hosts[0].ports, (std::vector<uint16_t>{6379})) << name;
    EXPECT_EQ(imported.hosts[1].addr.to_string(), "10.0.0.9") << name;
    EXPECT_TRUE(imported.warnings.empty()) << name;
  }
  EXPECT_THROW(import_masscan("masscan_broken.json"), UsageError);
}

TEST_F(ScanImport, MasscanXml) {
  Imported imported = import_masscan("masscan.xml");
  ASSERT_EQ(imported.hosts.size(), 1u);
  EXPECT_EQ(imported.hosts[0].ports, (std::vector<uint16_t>{22, 6379}));
}

TEST_F(ScanImport, TargetSetCarriesImportedPortsAndAppliesExclusions) {
  TargetSet set;
  std::vector<std::string> warnings;
  set.set_warning_handler([&](const std::string& w) { warnings.push_back(w); });
  set.add_nmap_xml(kDir + "nmap_sample.xml");
  set.add_masscan(kDir + "masscan_new.json");
  set.exclude_tokens({"10.0.0.9"});
  EXPECT_EQ(set.count(), 4u);  // 4 from nmap + 1 from masscan - two 10.0.0.9 entries
  auto cursor = set.begin();
  std::vector<std::string> seen;
  while (auto host = cursor.next()) {
    seen.push_back(host->addr.to_string());
    if (seen.size() == 1) {
      EXPECT_EQ(host->ports, (std::vector<uint16_t>{22, 6379}));
    }
    EXPECT_EQ(host->index, seen.size() - 1);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"10.0.0.5", "2001:db8::10", "10.0.0.8", "10.0.0.5"}));
  EXPECT_EQ(warnings.size(), 2u);
}

TEST_F(ScanImport, MissingImportFileIsAUsageError) {
  TargetSet set;
  try {
    set.add_masscan(kDir + "no-such-file.json");
    ADD_FAILURE();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-file.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace paicha

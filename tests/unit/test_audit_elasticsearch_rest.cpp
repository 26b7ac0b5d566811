// Parsers of the Elasticsearch/OpenSearch REST bodies the audit reads, on the documented shapes
// in tests/data/elasticsearch (see its README for the API each one comes from).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "services/elasticsearch/rest.h"

namespace paicha::services::elasticsearch {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(PAICHA_TEST_DATA_DIR) + "/elasticsearch/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(ElasticsearchRest, CatIndicesCountsAndSums) {
  const auto summary = parse_cat_indices(fixture("cat_indices.json"));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->count, 4);
  EXPECT_EQ(summary->bytes, 212992LL + 3221225472LL + 1073741824LL);
  EXPECT_EQ(parse_cat_indices("[]")->count, 0);
  EXPECT_FALSE(parse_cat_indices(fixture("security_exception_401.json")));
  EXPECT_FALSE(parse_cat_indices("[{\"index\":\"a\""));  // truncated
  EXPECT_FALSE(parse_cat_indices("[1,2]"));
}

TEST(ElasticsearchRest, ClusterStatsTotals) {
  const auto summary = parse_cluster_stats(fixture("cluster_stats.json"));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->count, 2400);
  EXPECT_EQ(summary->bytes, 5497558138880LL);
  EXPECT_FALSE(parse_cluster_stats("{}"));
}

TEST(ElasticsearchRest, NodeAuditSettings) {
  auto summary = parse_node_audit_settings(fixture("nodes_settings_audit_off.json"));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->nodes, 2);
  EXPECT_EQ(summary->nodes_without_audit, std::vector<std::string>{"es-node-1"});

  summary = parse_node_audit_settings(fixture("nodes_settings_audit_on.json"));
  ASSERT_TRUE(summary);
  EXPECT_TRUE(summary->nodes_without_audit.empty());

  // Auditing needs security: with xpack.security.enabled false nothing is audited.
  summary = parse_node_audit_settings(fixture("nodes_settings_flat_security_off.json"));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->nodes_without_audit.size(), 1u);

  summary = parse_node_audit_settings(fixture("nodes_settings_opensearch.json"));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->nodes, 2);
  EXPECT_EQ(summary->nodes_without_audit, std::vector<std::string>{"opensearch-node2"});

  EXPECT_FALSE(parse_node_audit_settings("{}"));
  EXPECT_FALSE(parse_node_audit_settings("not json"));
}

TEST(ElasticsearchRest, BasicAuthorization) {
  // RFC 7617 section 2 example: Aladdin / open sesame.
  EXPECT_EQ(basic_authorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

}  // namespace
}  // namespace paicha::services::elasticsearch

#include "core/finding.h"
#include "services/check.h"
#include "services/elasticsearch/checks.h"
#include "services/ftp/checks.h"
#include "services/memcached/checks.h"
#include "services/mongodb/checks.h"
#include "services/mssql/checks.h"
#include "services/mysql/checks.h"
#include "services/postgresql/checks.h"
#include "services/redis/checks.h"
#include "services/ssh/checks.h"
#include "services/telnet/checks.h"

namespace paicha::services {

void AuditContext::report(std::string_view rule_id, std::string evidence,
                          std::string evidence_key) {
  report(make_finding(rule_id, asset, std::move(evidence), std::move(evidence_key)));
}

const std::vector<ServiceAudit>& audit_table() {
  static const std::vector<ServiceAudit> table = {
      {"redis", audit_redis, redis_default_users()},
      {"memcached", audit_memcached, {}},
      {"postgresql", postgresql::audit_postgresql, postgresql::default_users()},
      {"mysql", mysql::audit_mysql, mysql::default_users()},
      {"mongodb", mongodb::audit_mongodb, mongodb::default_users()},
      {"elasticsearch", elasticsearch::audit_elasticsearch, elasticsearch::default_users()},
      {"ssh", audit_ssh, ssh_default_users()},
      {"ftp", audit_ftp, ftp_default_users()},
      {"telnet", audit_telnet, telnet_default_users()},
      {"mssql", audit_mssql, mssql_default_users()},
  };
  return table;
}

const ServiceAudit* find_audit(std::string_view service) {
  for (const auto& audit : audit_table())
    if (audit.service == service) return &audit;
  return nullptr;
}

}  // namespace paicha::services

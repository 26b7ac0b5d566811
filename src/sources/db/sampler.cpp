#include "sources/db/sampler.h"

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha::sources::db {

std::unique_ptr<Sampler> open_sampler(const Dsn& dsn, const Login& login,
                                      const SamplerOptions& options) {
  if (dsn.engine == "postgresql") return open_postgresql_sampler(dsn, login, options);
  if (dsn.engine == "mysql") return open_mysql_sampler(dsn, login, options);
  if (dsn.engine == "sqlite") return open_sqlite_sampler(dsn, login, options);
  if (dsn.engine == "redis") return open_redis_sampler(dsn, login, options);
  if (dsn.engine == "mongodb") return open_mongodb_sampler(dsn, login, options);
  if (dsn.engine == "elasticsearch") return open_elasticsearch_sampler(dsn, login, options);
  throw UsageError(std::string(tr("暂不支持此引擎的抽样：", "no sampler for this engine yet: ")) +
                   dsn.masked());
}

}  // namespace paicha::sources::db

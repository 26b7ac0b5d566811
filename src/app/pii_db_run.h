#pragma once
// The parts of `pii db` that `audit --pii` shares: finding the login for a DSN, scanning the
// sources, and recording data assets and pii_exposure findings in a run of the store.
#include <cstdint>
#include <string>
#include <vector>

#include "core/credentials.h"
#include "core/dsn.h"
#include "core/finding.h"
#include "pii/db_scan.h"
#include "store/store.h"

namespace paicha::app {

// The login for `dsn`: its own user and password (only DSNs read from a file carry one), else
// the most specific --creds entry for engine/host/port, else the environment: the engine's
// usual variable (PGUSER/PGPASSWORD, MYSQL_USER/MYSQL_PWD, REDISCLI_AUTH), then
// PAICHA_DB_USER/PAICHA_DB_PASSWORD.
sources::db::Login resolve_login(const Dsn& dsn, const CredentialStore& creds);

// Records each table as a data asset ("table", engine://host:port/db.schema.table) and each
// source's pii_exposure findings. A source is "reachable without authentication" when paicha
// connected without a password or the latest audit run recorded an unauthorized_access
// finding for its host and port. Findings already in the run for the same endpoint are kept.
std::vector<Finding> record_pii_db_results(store::Store& store, int64_t run_id,
                                           const std::vector<pii::DbSourceResult>& sources);

}  // namespace paicha::app

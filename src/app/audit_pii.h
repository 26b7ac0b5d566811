#pragma once
// `audit --pii`: after the checks, sample the databases the audit could read — with a --creds
// login, or open without authentication — and add their data assets and pii_exposure
// findings to the same run.
#include <string>

#include "app/cli.h"
#include "report/run_document.h"
#include "store/store.h"

namespace paicha::app {

// Adds the findings to `doc` as well, so that the audit's output shows them.
void audit_pii(store::Store& store, report::RunDocument& doc, const std::string& creds_file,
               const GlobalOptions& global);

}  // namespace paicha::app

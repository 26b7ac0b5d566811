#pragma once
// Schema versions of the store. Each migration moves the schema from version i to i+1; a new
// store runs them all. PRAGMA user_version records where a store stands.
#include <string_view>
#include <vector>

#include "store/sqlite.h"

namespace paicha::store {

const std::vector<std::string_view>& migrations();
int current_schema_version();

// Brings `db` to the newest schema, one transaction per step. Refuses a store written by a
// newer paicha (its version is above ours) instead of guessing.
void migrate(Database& db);
int schema_version(Database& db);

}  // namespace paicha::store

#pragma once
// The two forms for machines: JSON (both forms, with stable keys beside the printed labels) and
// CSV (Form 2, one line per row, the row group in its own column).
#include <string>

#include "report/forms_model.h"

namespace paicha::report {

std::string forms_to_json(const Inventory& inventory);
std::string form2_to_csv(const Inventory& inventory);

}  // namespace paicha::report

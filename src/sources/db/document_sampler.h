#pragma once
// The part shared by the samplers of document stores (MongoDB, Elasticsearch): documents are
// read once while the collections are listed, flattened into field paths ("a.b", "a[]") that
// act as columns, and replayed to sample() and scan_all() from memory.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sources/db/sampler.h"

namespace paicha::sources::db {

class DocumentSampler : public Sampler {
 public:
  uint64_t sample(const TableInfo& t, const RowSink& sink) override {
    if (t.native_id >= documents_.size()) return 0;
    std::vector<std::optional<std::string_view>> values(t.columns.size());
    uint64_t n = 0;
    for (const auto& row : documents_[t.native_id]) {
      std::fill(values.begin(), values.end(), std::nullopt);
      for (const auto& [column, value] : row) values.at(column) = value;
      sink(values);
      ++n;
    }
    return n;
  }

  // The documents were sampled already; counting all of them is not possible from here.
  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>&, const RowSink& sink) override {
    return sample(t, sink);
  }

 protected:
  // One document: (column index, value) for each scalar field.
  using Row = std::vector<std::pair<size_t, std::string>>;

  // The index of field path `name` in t.columns, added when new.
  static size_t column(TableInfo& t, const std::string& name) {
    for (size_t i = 0; i < t.columns.size(); ++i)
      if (t.columns[i].name == name) return i;
    t.columns.push_back({name, ""});
    return t.columns.size() - 1;
  }

  // A new collection: its documents go to the returned list, and t.native_id points at it.
  std::vector<Row>& new_collection(TableInfo& t) {
    t.native_id = documents_.size();
    return documents_.emplace_back();
  }

 private:
  std::vector<std::vector<Row>> documents_;
};

}  // namespace paicha::sources::db

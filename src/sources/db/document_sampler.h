#pragma once
// The part shared by the samplers of document stores (MongoDB, Elasticsearch): documents are
// read once while the collections are listed, flattened into field paths ("a.b", "a[]") that
// act as columns, and replayed to sample() from memory. scan_all() reads the whole collection
// again and passes each document through the same flattening to a RowStream.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

 protected:
  // One document: (column index, value) for each scalar field.
  using Row = std::vector<std::pair<size_t, std::string>>;
  // Where an engine's flattening puts each scalar field of a document: its path and its value
  // as text.
  using FieldSink = std::function<void(const std::string& path, std::string value)>;

  // The fields of one sampled document, into `row`; a path seen for the first time becomes a
  // column of t.
  static FieldSink into_row(TableInfo& t, Row& row) {
    return [&t, &row](const std::string& path, std::string value) {
      row.emplace_back(column(t, path), std::move(value));
    };
  }

  // The documents of scan_all(), one at a time, as rows of the requested columns. The columns
  // were fixed when the tables were listed, so a path that is not among them is skipped.
  class RowStream {
   public:
    RowStream(const TableInfo& t, const std::vector<size_t>& columns, const RowSink& sink)
        : sink_(sink), values_(columns.size()), row_(columns.size()) {
      for (size_t k = 0; k < columns.size(); ++k) index_.emplace(t.columns.at(columns[k]).name, k);
    }

    FieldSink fields() {
      return [this](const std::string& path, std::string value) {
        if (auto it = index_.find(path); it != index_.end())
          values_[it->second].push_back(std::move(value));
      };
    }

    // Hands the document's values to the sink. The elements of an array share one column
    // ("phones[]"); exact counts must count each of them, so such a document goes out as
    // several rows: the n-th holds every column's n-th value.
    void end_document() {
      size_t rows = 1;
      for (const auto& v : values_) rows = std::max(rows, v.size());
      for (size_t r = 0; r < rows; ++r) {
        for (size_t k = 0; k < values_.size(); ++k)
          row_[k] =
              r < values_[k].size() ? std::optional<std::string_view>(values_[k][r]) : std::nullopt;
        sink_(row_);
      }
      for (auto& v : values_) v.clear();
      ++documents_;
    }

    uint64_t documents() const { return documents_; }

   private:
    const RowSink& sink_;
    std::unordered_map<std::string, size_t> index_;  // column name -> position in the row
    std::vector<std::vector<std::string>> values_;
    std::vector<std::optional<std::string_view>> row_;
    uint64_t documents_ = 0;
  };

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

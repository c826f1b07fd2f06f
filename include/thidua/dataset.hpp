// Input data bound to a policy's entities: typed columns, ids resolved, text NFC-normalised.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/errors.hpp"
#include "thidua/fwd.hpp"

namespace thidua {

class Dataset {
 public:
  // Binds JSON text (CONTRACT §1) to the policy's entities. Throws DataError listing every
  // problem found, each with its JSON path.
  static Dataset from_json(const Policy& policy, std::string_view json_text,
                           std::string source_name = "<data>");
  static Dataset load_json(const Policy& policy, const std::filesystem::path& path);
  // Reads each entity's records from `directory/<from>.csv` (units.csv, persons.csv; a single
  // entity's file has one row): UTF-8 with or without a BOM, comma- or semicolon-separated, a
  // header row naming the fields, set elements separated by ';' in one cell. The same checks
  // as from_json, each problem placed as "persons.csv:ROW:COLUMN" (the header is row 1).
  static Dataset load_csv(const Policy& policy, const std::filesystem::path& directory);

  const std::string& source_name() const;
  const std::string& sha256() const;  // of the input bytes, hex
  // Problems that do not stop a run (an unknown member, for instance), with their paths.
  const std::vector<DataIssue>& warnings() const;
  // Number of records of an entity; throws std::out_of_range for an unknown entity.
  std::size_t size(std::string_view entity) const;

  const detail::DatasetData& data() const noexcept { return *impl_; }
  std::shared_ptr<const detail::DatasetData> shared() const noexcept { return impl_; }
  explicit Dataset(std::shared_ptr<const detail::DatasetData> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const detail::DatasetData> impl_;
};

}  // namespace thidua

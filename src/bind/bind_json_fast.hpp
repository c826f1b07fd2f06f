// The fast path of the JSON bind stage (bind_json_fast.cpp, built when simdjson is found).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "src/bind/dataset_data.hpp"

namespace thidua::detail {

// About how many bytes of records the fast reader binds at a time (whole records; a chunk
// ends at the first record end past this size). simdjson's index covers one chunk at a time.
inline constexpr std::size_t json_chunk_bytes = std::size_t{1} << 20;

// Binds JSON text into `out` (whose policy is set and which is otherwise empty) when the text
// is valid and fits the policy with nothing to report, not even a warning; returns false
// otherwise, leaving `out` half filled: the caller then binds the text again with bind_json's
// nlohmann binder, which reports what is wrong in its own words. On two threads from
// parallel_threshold records or so (use_threads); the data is the same either way, and
// whatever `chunk_bytes` is and however many threads bind. Tests set both: a small chunk_bytes
// makes many chunks of a small input, and `two_threads` overrides use_threads' choice.
bool bind_json_fast(std::string_view json_text, DatasetData& out, std::size_t chunk_bytes = json_chunk_bytes,
                    std::optional<bool> two_threads = std::nullopt);

// The same for the JSON file at `path`, of `bytes` bytes, read chunk_bytes at a time, so that its
// text is never all in memory; sets out.sha256 to the hash of the bytes read. When it returns
// false, the caller reads the file again for nlohmann's binder.
bool bind_json_file_fast(const std::string& path, std::size_t bytes, DatasetData& out,
                         std::size_t chunk_bytes = json_chunk_bytes, std::optional<bool> two_threads = std::nullopt);

}  // namespace thidua::detail

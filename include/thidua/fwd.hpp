// Forward declarations of thidua's public types, for headers that only name them.
#pragma once

namespace thidua {

struct Diagnostic;
class Error;
class PolicyError;
class DataError;
class Policy;
class Dataset;
class Result;
struct RunOptions;

namespace detail {
struct CompiledPolicy;
struct DatasetData;
struct ResultData;
}  // namespace detail

}  // namespace thidua

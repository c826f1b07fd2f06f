// The whole public API of thidua: compile a policy, bind data, run, read the result.
#pragma once

#include "thidua/dataset.hpp"
#include "thidua/diagnostic.hpp"
#include "thidua/diff.hpp"
#include "thidua/errors.hpp"
#include "thidua/number.hpp"
#include "thidua/policy.hpp"
#include "thidua/report.hpp"
#include "thidua/result.hpp"
#include "thidua/schema.hpp"
#include "thidua/version.hpp"

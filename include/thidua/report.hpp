// A result published as a web page.
#pragma once

#include <string>

#include "thidua/result.hpp"

namespace thidua {

// One self-contained HTML page (UTF-8; inline CSS; no script, image, font or link to load)
// that publishes a result, in Vietnamese: the plan, each scoring sheet's points, then per award in decision order the quota
// and how it was computed, the ranked nominees with the values that ranked them, the ties at a
// cut, and for every other candidate the reason it was not nominated. It reads on a phone
// and prints on A4. Each award is a <section data-award="id">, each nominee a row
// <tr data-id="id"> of its table.nominees, so that tools can read the page back.
std::string report_html(const Result& result);

}  // namespace thidua

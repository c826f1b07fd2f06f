// The private extension behind the Python package `thidua`. It takes and returns text; the
// package (thidua/__init__.py) turns dicts, bytes and paths into text and JSON into dicts.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/bind/bind.hpp"
#include "thidua/thidua.hpp"

namespace py = pybind11;

namespace {

py::dict to_dict(const thidua::Diagnostic& d) {
  py::dict out;
  out["file"] = d.file;
  out["line"] = d.line;
  out["column"] = d.column;
  out["length"] = d.length;
  out["message"] = d.message;
  out["message_vi"] = d.message_in(thidua::Language::vi);
  out["severity"] = thidua::to_string(d.severity);
  out["source_line"] = d.source_line;
  return out;
}

py::dict to_dict(const thidua::DataIssue& issue) {
  return py::dict(py::arg("path") = issue.path, py::arg("message") = issue.message,
                  py::arg("message_vi") = issue.message_in(thidua::Language::vi));
}

// The exception classes live in the Python package (so they pickle and subclass like any
// Python exception); look them up when needed rather than keeping Python objects in statics,
// which would outlive the interpreter.
void raise(const char* name, py::object exception) {
  const py::object type = py::module_::import("thidua").attr(name);
  PyErr_SetObject(type.ptr(), type(std::move(exception)).ptr());
}

void translate(std::exception_ptr pointer) {
  try {
    if (pointer) std::rethrow_exception(pointer);
  } catch (const thidua::PolicyError& e) {
    py::list diagnostics;
    for (const auto& d : e.diagnostics()) diagnostics.append(to_dict(d));
    const py::object type = py::module_::import("thidua").attr("PolicyError");
    PyErr_SetObject(type.ptr(), type(thidua::format(e.diagnostics()), diagnostics).ptr());
  } catch (const thidua::DataError& e) {
    py::list issues;
    for (const auto& issue : e.issues()) issues.append(to_dict(issue));
    const py::object type = py::module_::import("thidua").attr("DataError");
    // The lines the CLI prints for bad data (with --lang en), so str(error) reads the same in both.
    PyErr_SetObject(type.ptr(), type(e.message(thidua::Language::en), issues, e.source_name()).ptr());
  } catch (const thidua::Error& e) {
    raise("Error", py::str(e.what()));
  }
}

// Unknown ids and awards are lookups that failed: KeyError, not pybind11's default IndexError.
template <typename F>
auto lookup(F&& f) {
  try {
    return f();
  } catch (const std::out_of_range& e) {
    throw py::key_error(e.what());
  }
}

thidua::Language language(const std::string& lang) {
  if (lang == "vi") return thidua::Language::vi;
  if (lang == "en") return thidua::Language::en;
  throw py::value_error("lang must be 'vi' or 'en', not '" + lang + "'");
}


// --- columnar input ---------------------------------------------------------------------------
// Converted to C++ vectors while the GIL is held; bound and run without it.

using thidua::detail::InputColumn;
using thidua::detail::InputMember;

// How a value that is not what a field takes reads in a message: JSON words where JSON has them.
std::string rendering(py::handle value) {
  if (value.is_none()) return "null";
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True ? "true" : "false";
  return py::repr(value).cast<std::string>();
}

// A str's UTF-8 bytes, read without pybind11's generic caster: columns hold millions of them.
std::string utf8(PyObject* text) {
  Py_ssize_t size = 0;
  const char* bytes = PyUnicode_AsUTF8AndSize(text, &size);
  if (bytes == nullptr) throw py::error_already_set();
  return std::string(bytes, static_cast<std::size_t>(size));
}

std::uint32_t add_text(InputColumn& column, std::string text, bool is_string) {
  column.texts.push_back(std::move(text));
  column.element_is_string.push_back(is_string ? 1 : 0);
  return static_cast<std::uint32_t>(column.texts.size() - 1);
}

// A float as the shortest decimal text that reads back as the same double (what repr prints):
// 92.75 is "92.75", never 92.7500000000000000000142...
std::string float_text(double value) {
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

void add_cell(InputColumn& column, py::handle value, const py::handle& decimal_type) {
  PyObject* const p = value.ptr();
  const auto put = [&](InputColumn::Kind kind, std::int64_t slot) {
    column.kinds.push_back(kind);
    column.slots.push_back(slot);
  };
  const auto put_text = [&](InputColumn::Kind kind, std::string text) {
    put(kind, add_text(column, std::move(text), kind == InputColumn::string));
  };
  if (value.is_none() || std::string_view(Py_TYPE(p)->tp_name) == "NAType")  // pandas.NA
    return put(InputColumn::null, 0);
  if (PyBool_Check(p)) return put(InputColumn::boolean, p == Py_True ? 1 : 0);
  if (PyLong_Check(p) || (!PyFloat_Check(p) && PyIndex_Check(p))) {  // int, numpy integers
    const py::int_ number = py::reinterpret_steal<py::int_>(PyNumber_Index(p));
    if (!number) throw py::error_already_set();
    int overflow = 0;
    const long long n = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
    if (overflow == 0) return put(InputColumn::integer, n);
    return put_text(InputColumn::number, py::str(number.ptr()).cast<std::string>());
  }
  if (PyFloat_Check(p)) {
    const double d = PyFloat_AsDouble(p);
    if (std::isnan(d)) return put(InputColumn::null, 0);  // pandas' missing value
    if (std::isinf(d)) return put_text(InputColumn::other, d > 0 ? "inf" : "-inf");
    return put_text(InputColumn::number, float_text(d));
  }
  if (PyUnicode_Check(p)) return put_text(InputColumn::string, utf8(p));
  if (PyObject_IsInstance(p, decimal_type.ptr()) == 1) return put_text(InputColumn::number, py::str(value).cast<std::string>());
  if (PyList_Check(p) || PyTuple_Check(p) || py::hasattr(value, "tolist")) {
    py::object items = py::reinterpret_borrow<py::object>(value);
    if (!PyList_Check(p) && !PyTuple_Check(p)) items = items.attr("tolist")();
    if (PyList_Check(items.ptr()) || PyTuple_Check(items.ptr())) {
      const auto list = static_cast<std::int64_t>(column.list_offsets.size() - 1);
      for (const auto element : items) {
        if (PyUnicode_Check(element.ptr())) add_text(column, utf8(element.ptr()), true);
        else add_text(column, rendering(element), false);
      }
      column.list_offsets.push_back(static_cast<std::uint32_t>(column.texts.size()));
      return put(InputColumn::list, list);
    }
    return add_cell(column, items, decimal_type);  // a numpy scalar's tolist() is a Python scalar
  }
  put_text(InputColumn::other, rendering(value));
}

// A one-dimensional buffer of booleans, integers or floats (a numpy array, a DataFrame's
// numeric column) read straight from its memory, cell by cell as add_cell reads the Python
// scalars its tolist() gives, without making them. False, and nothing added, for any other
// buffer or object: it is read as a sequence.
bool add_buffer_cells(InputColumn& column, py::handle values) {
  if (!PyObject_CheckBuffer(values.ptr())) return false;
  const py::buffer_info info = py::reinterpret_borrow<py::buffer>(values).request();
  if (info.ndim != 1) return false;
  // One type code, in the machine's byte order and size ('@', '=', '<' on x86-64; numpy's own).
  std::string_view format = info.format;
  if (format.size() == 2 && (format[0] == '@' || format[0] == '=' || format[0] == '<')) format.remove_prefix(1);
  if (format.size() != 1) return false;
  const char code = format[0];
  const bool is_bool = code == '?', is_float = code == 'f' || code == 'd';
  const bool is_signed = std::string_view("bhilq").find(code) != std::string_view::npos;
  const bool is_unsigned = std::string_view("BHILQ").find(code) != std::string_view::npos;
  if (!is_bool && !is_float && !is_signed && !is_unsigned) return false;
  if (is_float && info.itemsize != sizeof(float) && info.itemsize != sizeof(double)) return false;
  if (!is_float && (info.itemsize < 1 || info.itemsize > 8)) return false;
  const auto* cells = static_cast<const unsigned char*>(info.ptr);
  const auto n = static_cast<std::size_t>(info.shape[0]);
  column.kinds.reserve(column.kinds.size() + n);
  column.slots.reserve(column.slots.size() + n);
  const auto put = [&](InputColumn::Kind kind, std::int64_t slot) {
    column.kinds.push_back(kind);
    column.slots.push_back(slot);
  };
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char* cell = cells + static_cast<std::ptrdiff_t>(i) * info.strides[0];
    if (is_float) {
      double d = 0;
      if (info.itemsize == sizeof(float)) {
        float f = 0;
        std::memcpy(&f, cell, sizeof f);
        d = f;
      } else {
        std::memcpy(&d, cell, sizeof d);
      }
      if (std::isnan(d)) put(InputColumn::null, 0);  // pandas' missing value
      else if (std::isinf(d)) put(InputColumn::other, add_text(column, d > 0 ? "inf" : "-inf", false));
      else put(InputColumn::number, add_text(column, float_text(d), false));
      continue;
    }
    // Little-endian bytes, widened to 64 bits (sign-extended when signed).
    std::uint64_t bits = 0;
    std::memcpy(&bits, cell, static_cast<std::size_t>(info.itemsize));
    if (is_bool) {
      put(InputColumn::boolean, bits != 0 ? 1 : 0);
    } else if (is_signed) {
      const int unused = 64 - 8 * static_cast<int>(info.itemsize);
      put(InputColumn::integer, static_cast<std::int64_t>(bits << unused) >> unused);
    } else if (bits <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      put(InputColumn::integer, static_cast<std::int64_t>(bits));
    } else {
      put(InputColumn::number, add_text(column, std::to_string(bits), false));
    }
  }
  return true;
}

// List offsets index texts, so texts of list elements must not interleave with other texts of
// the column: each column keeps both in one vector, which add_cell appends to in order.
InputColumn to_column(py::handle values, const py::handle& decimal_type, const std::string& where) {
  if (PyUnicode_Check(values.ptr()) || PyBytes_Check(values.ptr()) || PyDict_Check(values.ptr()) ||
      (!py::hasattr(values, "tolist") && !py::isinstance<py::iterable>(values)))
    throw py::type_error("column " + where + " must be a list, tuple, numpy array or pandas Series, not " +
                         std::string(Py_TYPE(values.ptr())->tp_name));
  InputColumn column;
  if (add_buffer_cells(column, values)) return column;
  py::object sequence = py::reinterpret_borrow<py::object>(values);
  if (!PyList_Check(values.ptr()) && !PyTuple_Check(values.ptr()))
    sequence = py::hasattr(values, "tolist") ? values.attr("tolist")() : py::list(py::reinterpret_borrow<py::object>(values));
  const auto n = py::len(sequence);
  column.kinds.reserve(n);
  column.slots.reserve(n);
  if (PyList_Check(sequence.ptr())) {  // tolist()'s: read by index, not through an iterator
    // The objects lie scattered in memory: a cell's object is fetched a few cells ahead.
    constexpr Py_ssize_t ahead = 8;
    const auto size = static_cast<Py_ssize_t>(n);
    for (Py_ssize_t i = 0; i < size; ++i) {
      if (i + ahead < size) __builtin_prefetch(PyList_GET_ITEM(sequence.ptr(), i + ahead));
      add_cell(column, PyList_GET_ITEM(sequence.ptr(), i), decimal_type);
    }
    return column;
  }
  for (const auto value : sequence) add_cell(column, value, decimal_type);
  return column;
}

// data: the input's top-level dict. Entity members that are dicts are columns (a plural
// entity: name -> sequence) or the record (a single entity: name -> value).
std::vector<InputMember> to_members(const thidua::Policy& policy, const py::dict& data) {
  const py::object decimal_type = py::module_::import("decimal").attr("Decimal");
  std::vector<InputMember> members;
  for (const auto [key, value] : data) {
    InputMember member;
    member.name = py::str(key).cast<std::string>();
    bool single = false;
    for (const auto& entity : policy.entities())
      if (entity.source == member.name) single = entity.single;
    if (!PyDict_Check(value.ptr())) {
      member.form = InputMember::other;
      member.rendering = rendering(value);
    } else {
      member.form = single ? InputMember::record : InputMember::columns;
      for (const auto [name, cells] : py::reinterpret_borrow<py::dict>(value)) {
        InputColumn column;
        const std::string field = py::str(name).cast<std::string>();
        if (single) add_cell(column, cells, decimal_type);
        else column = to_column(cells, decimal_type, "\"" + field + "\" of \"" + member.name + "\"");
        member.fields.emplace_back(field, std::move(column));
      }
    }
    members.push_back(std::move(member));
  }
  return members;
}

py::list issues(const std::vector<thidua::DataIssue>& list) {
  py::list out;
  for (const auto& issue : list) out.append(to_dict(issue));
  return out;
}

// thidua::Limits from {"json_depth": 16, ...}; an unknown name is a mistake worth a ValueError.
thidua::Limits limits_of(const py::dict& given) {
  thidua::Limits limits;
  for (const auto& [key, value] : given) {
    const auto name = py::cast<std::string>(key);
    if (name == "expression_depth") limits.expression_depth = py::cast<int>(value);
    else if (name == "policy_bytes") limits.policy_bytes = py::cast<std::size_t>(value);
    else if (name == "json_depth") limits.json_depth = py::cast<int>(value);
    else if (name == "data_bytes") limits.data_bytes = py::cast<std::size_t>(value);
    else if (name == "reported_issues") limits.reported_issues = py::cast<std::size_t>(value);
    else if (name == "optimizer_work") limits.optimizer_work = py::cast<std::uint64_t>(value);
    else
      throw py::value_error("unknown limit '" + name + "'; the limits are expression_depth, policy_bytes, "
                            "json_depth, data_bytes, reported_issues and optimizer_work");
  }
  if (limits.expression_depth < 1 || limits.expression_depth > thidua::Limits::max_expression_depth)
    throw py::value_error("expression_depth must be between 1 and " +
                          std::to_string(thidua::Limits::max_expression_depth));
  return limits;
}

}  // namespace

PYBIND11_MODULE(_thidua, m) {
  m.doc() = "thidua's C++ engine; use the package `thidua`, not this module.";
  py::register_exception_translator(&translate);

  py::class_<thidua::Result>(m, "Result")
      .def("to_json",
           [](const thidua::Result& r, int indent, bool candidates) {
             py::gil_scoped_release unlocked;
             return r.to_json_string(thidua::JsonOptions{.indent = indent, .candidates = candidates});
           },
           py::arg("indent") = 2, py::arg("candidates") = true)
      .def("selected", [](const thidua::Result& r, const std::string& award) {
        return lookup([&] { return r.selected(award); });
      })
      .def("status", [](const thidua::Result& r, const std::string& candidate, const std::string& award) {
        return std::string(thidua::to_string(lookup([&] { return r.status(candidate, award); })));
      })
      .def("explain", [](const thidua::Result& r, const std::string& candidate, const std::string& lang) {
        const auto l = language(lang);
        return lookup([&] { return r.explain(candidate, l); });
      });

  py::class_<thidua::Dataset>(m, "Dataset")
      .def_property_readonly("source_name", &thidua::Dataset::source_name)
      .def_property_readonly("sha256", &thidua::Dataset::sha256)
      .def_property_readonly("warnings", [](const thidua::Dataset& d) { return issues(d.warnings()); })
      .def("size", [](const thidua::Dataset& d, const std::string& entity) {
        return lookup([&] { return d.size(entity); });
      });

  py::class_<thidua::Policy>(m, "Policy")
      .def_property_readonly("title", &thidua::Policy::title)
      .def_property_readonly("filename", &thidua::Policy::filename)
      .def_property_readonly("sha256", &thidua::Policy::sha256)
      .def_property_readonly("warnings",
                             [](const thidua::Policy& p) {
                               std::vector<std::string> out;
                               for (const auto& d : p.warnings()) out.push_back(thidua::format(d));
                               return out;
                             })
      .def_property_readonly("awards",
                             [](const thidua::Policy& p) {
                               py::list out;
                               for (const auto& a : p.awards())
                                 out.append(py::dict(py::arg("id") = a.id, py::arg("label") = a.label,
                                                     py::arg("entities") = a.entities));
                               return out;
                             })
      .def_property_readonly("entities",
                             [](const thidua::Policy& p) {
                               py::list out;
                               for (const auto& e : p.entities())
                                 out.append(py::dict(py::arg("name") = e.name, py::arg("label") = e.label,
                                                     py::arg("source") = e.source, py::arg("single") = e.single));
                               return out;
                             })
      // Binds and runs in one call so the Dataset never has to cross into Python.
      .def("run",
           [](const thidua::Policy& p, const std::string& json_text, std::string source_name, std::optional<int> year) {
             py::gil_scoped_release unlocked;
             const auto data = thidua::Dataset::from_json(p, json_text, std::move(source_name));
             return thidua::run(p, data, thidua::RunOptions{year});
           },
           py::arg("json_text"), py::arg("source_name") = "<data>", py::arg("year") = std::nullopt)
      .def("bind",
           [](const thidua::Policy& p, const std::string& json_text, std::string source_name) {
             py::gil_scoped_release unlocked;
             return thidua::Dataset::from_json(p, json_text, std::move(source_name));
           },
           py::arg("json_text"), py::arg("source_name") = "<data>")
      .def("bind_columns",
           [](const thidua::Policy& p, const py::dict& data, std::string source_name) {
             auto members = to_members(p, data);
             py::gil_scoped_release unlocked;
             return thidua::Dataset(thidua::detail::bind_columns(p.shared(), members, std::move(source_name)));
           },
           py::arg("data"), py::arg("source_name") = "<data>")
      .def("run_dataset",
           [](const thidua::Policy& p, const thidua::Dataset& data, std::optional<int> year) {
             if (data.data().policy != p.shared()) throw py::value_error("the dataset was bound to another policy");
             py::gil_scoped_release unlocked;
             return thidua::run(p, data, thidua::RunOptions{year});
           },
           py::arg("dataset"), py::arg("year") = std::nullopt);

  m.def("diff",
        [](const thidua::Result& before, const thidua::Result& after, const std::string& lang) {
          const auto l = language(lang);
          py::gil_scoped_release unlocked;
          const auto changes = thidua::diff(before, after);
          return std::make_pair(thidua::to_json(changes).dump(), thidua::format(changes, l));
        },
        py::arg("before"), py::arg("after"), py::arg("lang") = "vi");
  m.def("compile",
        [](const std::string& source, std::string filename, const py::dict& limits) {
          const auto bounds = limits_of(limits);
          py::gil_scoped_release unlocked;
          return thidua::Policy::compile(source, std::move(filename), bounds);
        },
        py::arg("source"), py::arg("filename") = "<input>", py::arg("limits") = py::dict());
  m.def("load",
        [](const std::string& path, const py::dict& limits) {
          const auto bounds = limits_of(limits);
          py::gil_scoped_release unlocked;
          return thidua::Policy::load(path, bounds);
        },
        py::arg("path"), py::arg("limits") = py::dict());
  m.attr("__version__") = thidua::engine_version;
}

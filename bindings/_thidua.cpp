// The private extension behind the Python package `thidua`. It takes and returns text; the
// package (thidua/__init__.py) turns dicts, bytes and paths into text and JSON into dicts.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

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
  out["severity"] = thidua::to_string(d.severity);
  out["source_line"] = d.source_line;
  return out;
}

// The lines the CLI prints for bad data, so str(error) reads the same in both.
std::string format(const thidua::DataError& error) {
  std::string text;
  for (const auto& issue : error.issues())
    text += error.source_name() + ": " + issue.path + ": " + issue.message + "\n";
  return text;
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
    for (const auto& issue : e.issues()) issues.append(py::dict(py::arg("path") = issue.path, py::arg("message") = issue.message));
    const py::object type = py::module_::import("thidua").attr("DataError");
    PyErr_SetObject(type.ptr(), type(format(e), issues, e.source_name()).ptr());
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

}  // namespace

PYBIND11_MODULE(_thidua, m) {
  m.doc() = "thidua's C++ engine; use the package `thidua`, not this module.";
  py::register_exception_translator(&translate);

  py::class_<thidua::Result>(m, "Result")
      .def("to_json",
           [](const thidua::Result& r, int indent) {
             py::gil_scoped_release unlocked;
             return r.to_json_string(indent);
           },
           py::arg("indent") = 2)
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
           [](const thidua::Policy& p, const std::string& json_text, std::string source_name) {
             py::gil_scoped_release unlocked;
             const auto data = thidua::Dataset::from_json(p, json_text, std::move(source_name));
             return thidua::run(p, data);
           },
           py::arg("json_text"), py::arg("source_name") = "<data>");

  m.def("compile",
        [](const std::string& source, std::string filename) {
          py::gil_scoped_release unlocked;
          return thidua::Policy::compile(source, std::move(filename));
        },
        py::arg("source"), py::arg("filename") = "<input>");
  m.def("load",
        [](const std::string& path) {
          py::gil_scoped_release unlocked;
          return thidua::Policy::load(path);
        },
        py::arg("path"));
  m.attr("__version__") = thidua::engine_version;
}

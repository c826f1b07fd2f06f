"""thidua: decide emulation and commendation nominations (thi đua, khen thưởng) from a policy.

Compile a policy once, run it on data many times, from many threads at once::

    import thidua
    policy = thidua.load("policy.thidua")
    result = policy.run("data.json")        # a path, JSON text (str or bytes) or a dict
    print(result.selected("giay_khen"))
    print(result.explain("P013", lang="en"))

Large data may come as columns: ``policy.run({"board": {...}, "units": units_df,
"persons": {"id": [...], "score": [...], ...}})``, a dict of lists, numpy arrays or a pandas
DataFrame per entity, so that records never become Python dicts. ``policy.bind(data)`` binds
once for many runs.

Bad policies raise :class:`PolicyError`, bad data :class:`DataError`; both are
:class:`Error`.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Mapping, Optional, Union

__all__ = ["Error", "PolicyError", "DataError", "Policy", "Result", "Dataset", "compile", "load", "diff", "__version__"]


class Error(Exception):
    """Any failure a user of thidua can cause."""


class PolicyError(Error):
    """A policy that does not parse or does not check.

    ``str(error)`` is what ``thidua check --lang en`` prints; ``diagnostics`` lists every
    problem as a dict with ``file``, ``line``, ``column``, ``length``, ``message`` (English),
    ``message_vi`` (Vietnamese), ``severity`` and ``source_line``.
    """

    def __init__(self, message: str, diagnostics: List[Dict[str, Any]] = ()) -> None:  # type: ignore[assignment]
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    def __reduce__(self):  # keep the diagnostics when pickled (multiprocessing)
        return (type(self), (str(self), self.diagnostics))


class DataError(Error):
    """Input data that does not fit the policy.

    ``str(error)`` is what ``thidua run --lang en`` prints, one ``source: path: message`` line
    per problem; ``issues`` lists them as dicts with ``path`` (a JSON pointer), ``message``
    (English) and ``message_vi`` (Vietnamese).
    """

    def __init__(self, message: str, issues: List[Dict[str, str]] = (), source_name: str = "<data>") -> None:  # type: ignore[assignment]
        super().__init__(message)
        self.issues = list(issues)
        self.source_name = source_name

    def __reduce__(self):
        return (type(self), (str(self), self.issues, self.source_name))


# Imported after the exception classes: the extension looks them up here when it raises.
from . import _thidua  # noqa: E402

__version__: str = _thidua.__version__

Data = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]"]


def _json_text(data: Data) -> "tuple[Union[str, bytes], str]":
    """The JSON text of `data` and the source name the engine reports it under."""
    if isinstance(data, Mapping):
        return json.dumps(data, ensure_ascii=False), "<data>"
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data), "<data>"
    if isinstance(data, os.PathLike):
        path = os.fspath(data)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        return _read(path), path
    if isinstance(data, str):
        # JSON data is an object, so text that starts with '{' is never taken for a path.
        if not data.lstrip().startswith("{") and os.path.isfile(data):
            return _read(data), data
        return data, "<data>"
    raise TypeError(f"data must be a dict, JSON text (str or bytes), a path or a Dataset, not {type(data).__name__}")


def _is_columns(value: Any) -> bool:
    """A dict of columns or a pandas DataFrame (checked by duck typing: pandas is optional)."""
    return isinstance(value, Mapping) or _is_data_frame(value)


def _is_data_frame(value: Any) -> bool:
    return hasattr(value, "columns") and hasattr(value, "to_dict") and hasattr(value, "iloc")


def _columnar(policy: "_thidua.Policy", data: Any) -> "Union[Dict[str, Any], None]":
    """`data` made ready for the columnar binder, or None when it is JSON-shaped input.

    Data is columnar when a member of a plural entity (e.g. "persons") is a dict of columns or
    a DataFrame rather than a list of records.
    """
    if not isinstance(data, Mapping):
        return None
    plural = {e["source"] for e in policy.entities if not e["single"]}
    if not any(key in plural and _is_columns(value) for key, value in data.items()):
        return None
    out: Dict[str, Any] = {}
    for key, value in data.items():
        if _is_data_frame(value):
            value = {str(name): _frame_column(value[name]) for name in value.columns}
        elif isinstance(value, Mapping):
            value = dict(value)
        out[str(key)] = value
    return out


def _frame_column(series: Any) -> Any:
    """A DataFrame column as the binder reads it: booleans, integers and floats as their numpy
    array, read from its memory; anything else as Python scalars (tolist(): int stays int,
    float64 becomes float, pandas' nullable types give None for missing values)."""
    if getattr(series.dtype, "kind", None) in ("b", "i", "u", "f") and type(series.dtype).__module__ == "numpy":
        return series.to_numpy()
    return series.tolist()


def _read(path: str) -> bytes:
    # The bytes as they are, as the CLI reads them, so the result's sha256 matches.
    with open(path, "rb") as f:
        return f.read()


class Result:
    """The outcome of a run: who is nominated for what, and why. Immutable."""

    __slots__ = ("_result",)

    def __init__(self, result: "_thidua.Result") -> None:
        self._result = result

    def selected(self, award: str) -> List[str]:
        """Recipients of `award`, best rank first. KeyError for an unknown award."""
        return self._result.selected(award)

    def status(self, candidate_id: str, award: str) -> str:
        """One of "selected", "not_selected", "ineligible", "excluded", "closed", "deferred", "pending"."""
        return self._result.status(candidate_id, award)

    def explain(self, candidate_id: str, lang: str = "vi") -> str:
        """A readable account of one candidate, in "vi" or "en"."""
        return self._result.explain(candidate_id, lang)

    def scores(self, sheet: str) -> Dict[str, Dict[str, Any]]:
        """Every candidate's points on scoring sheet `sheet`, by id: ``total``, ``parts``,
        ``bonuses``... as the result's ``scores`` member has them (docs/data-and-results.md),
        exact numbers as decimal strings (``decimal.Decimal(x)`` reads them). KeyError for a
        sheet the policy does not have."""
        return self.to_dict().get("scores", {})[sheet]["candidates"]

    def to_json(self, indent: int = 2, *, candidates: bool = True) -> str:
        """The result as JSON text, exactly as ``thidua run`` writes it. ``indent=-1`` writes it
        on one line (``--compact``); ``candidates=False`` leaves out the per-candidate members
        ``candidates`` and ``scores`` (``--no-candidates``)."""
        return self._result.to_json(indent, candidates)

    def to_dict(self) -> Dict[str, Any]:
        """The result as plain Python objects (``json.loads`` of :meth:`to_json`)."""
        return json.loads(self._result.to_json(-1))

    def __repr__(self) -> str:
        return "<thidua.Result>"


class Dataset:
    """Data bound to one policy: checked, typed and indexed once, then run any number of times.

    Made by :meth:`Policy.bind`. Immutable; safe to run from several threads at once.
    """

    __slots__ = ("_dataset",)

    def __init__(self, dataset: "_thidua.Dataset") -> None:
        self._dataset = dataset

    @property
    def source_name(self) -> str:
        return self._dataset.source_name

    @property
    def sha256(self) -> str:
        """The SHA-256 of the JSON input's bytes, hex; "" for columnar input."""
        return self._dataset.sha256

    @property
    def warnings(self) -> List[Dict[str, str]]:
        """Problems that did not stop binding (an unknown member or column), as dicts with
        ``path`` and ``message``."""
        return self._dataset.warnings

    def size(self, entity: str) -> int:
        """The number of records of an entity (by name, e.g. "Person"). KeyError if unknown."""
        return self._dataset.size(entity)

    def __repr__(self) -> str:
        return f"<thidua.Dataset {self.source_name!r}>"


class Policy:
    """A compiled, checked, immutable policy. Safe to run from several threads at once."""

    __slots__ = ("_policy",)

    def __init__(self, policy: "_thidua.Policy") -> None:
        self._policy = policy

    @property
    def title(self) -> str:
        return self._policy.title

    @property
    def filename(self) -> str:
        return self._policy.filename

    @property
    def sha256(self) -> str:
        """The SHA-256 of the policy's source text, hex."""
        return self._policy.sha256

    @property
    def awards(self) -> List[Dict[str, Any]]:
        """The awards in decision order, as dicts with ``id``, ``label`` and ``entities``."""
        return self._policy.awards

    @property
    def entities(self) -> List[Dict[str, Any]]:
        """The entity kinds, as dicts with ``name``, ``label``, ``source`` and ``single``."""
        return self._policy.entities

    @property
    def warnings(self) -> List[str]:
        """The compiler's warnings, each formatted as ``thidua check`` prints it."""
        return self._policy.warnings

    def check(self) -> List[str]:
        """The warnings. A Policy is checked when compiled, so this never raises."""
        return self.warnings

    def bind(self, data: Data) -> Dataset:
        """Checks and binds `data` once, for :meth:`run` to use many times.

        `data` is what :meth:`run` takes. Raises DataError listing every problem in the data.
        """
        columns = _columnar(self._policy, data)
        if columns is not None:
            return Dataset(self._policy.bind_columns(columns))
        text, source_name = _json_text(data)
        return Dataset(self._policy.bind(text, source_name))

    def run(self, data: "Union[Data, Dataset]", *, year: "Optional[int]" = None) -> Result:
        """Binds `data` and runs; or runs a :class:`Dataset` bound earlier.

        `data` is a dict (JSON-shaped, or with entity members as columns: a dict of lists,
        numpy arrays or a pandas DataFrame), JSON text as str or bytes, or a path to a JSON
        file. `year` is the year under review (`review_year`), instead of the policy
        header's `year`. Raises DataError listing every problem in the data. Releases the
        GIL while it binds and runs.
        """
        if isinstance(data, Dataset):
            return Result(self._policy.run_dataset(data._dataset, year))
        columns = _columnar(self._policy, data)
        if columns is not None:
            return Result(self._policy.run_dataset(self._policy.bind_columns(columns), year))
        text, source_name = _json_text(data)
        return Result(self._policy.run(text, source_name, year))

    def __repr__(self) -> str:
        return f"<thidua.Policy {self.filename!r}: {self.title!r}>"


def compile(source: str, filename: str = "<input>", *, limits: "Optional[Dict[str, int]]" = None) -> Policy:  # noqa: A001 - the engine's verb
    """Parses and checks `source`; raises PolicyError with every diagnostic found.

    `limits` bounds this policy and the data and runs made with it, e.g.
    ``{"json_depth": 16, "data_bytes": 50 << 20}`` (names as thidua::Limits, docs/reliability.md).
    """
    return Policy(_thidua.compile(source, filename, dict(limits or {})))


def load(path: "Union[str, os.PathLike[str]]", *, limits: "Optional[Dict[str, int]]" = None) -> Policy:
    """Reads a policy file (UTF-8) and compiles it under its path; `limits` as for compile()."""
    return Policy(_thidua.load(os.fsdecode(os.fspath(path)), dict(limits or {})))


def diff(before: Result, after: Result, *, lang: str = "vi") -> "Dict[str, Any]":
    """What changes between two runs on the same data (two versions of a policy), as
    ``thidua diff`` reports it: ``{"awards": [...], "outcomes": [{"candidate", "award", "before",
    "after", "reasons": [{"en", "vi"}]}], "text": ...}``, where ``text`` is the report in
    ``lang`` ("vi" or "en")."""
    changes, text = _thidua.diff(before._result, after._result, lang)
    out = json.loads(changes)
    out["text"] = text
    return out

# Type stubs for the thidua package (the extension _thidua is private).
import os
from typing import Any, Dict, List, Literal, Mapping, Optional, TypedDict, Union

__version__: str

class Diagnostic(TypedDict):
    file: str
    line: int
    column: int
    length: int
    message: str  # in English
    message_vi: str  # in Vietnamese
    severity: str  # "error", "warning" or "note"
    source_line: str

class DataIssue(TypedDict):
    path: str  # a JSON pointer, "/persons/17/score"
    message: str  # in English
    message_vi: str  # in Vietnamese

class AwardInfo(TypedDict):
    id: str
    label: str
    entities: List[str]

class EntityInfo(TypedDict):
    name: str
    label: str
    source: str
    single: bool

class Error(Exception): ...

class PolicyError(Error):
    diagnostics: List[Diagnostic]
    def __init__(self, message: str, diagnostics: List[Diagnostic] = ...) -> None: ...

class DataError(Error):
    issues: List[DataIssue]
    source_name: str
    def __init__(self, message: str, issues: List[DataIssue] = ..., source_name: str = ...) -> None: ...

Data = Union[Mapping[str, Any], str, bytes, os.PathLike[str]]

class Dataset:
    @property
    def source_name(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def warnings(self) -> List[DataIssue]: ...
    def size(self, entity: str) -> int: ...

class Result:
    def selected(self, award: str) -> List[str]: ...
    # pending: undecided for lack of data; deferred: not considered yet (`defer when`).
    def status(
        self, candidate_id: str, award: str
    ) -> Literal["selected", "not_selected", "ineligible", "excluded", "closed", "deferred", "pending"]: ...
    def explain(self, candidate_id: str, lang: str = ...) -> str: ...
    def scores(self, sheet: str) -> Dict[str, Dict[str, Any]]: ...
    def to_json(self, indent: int = ..., *, candidates: bool = ...) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

def diff(before: Result, after: Result, *, lang: str = ...) -> Dict[str, Any]: ...

class Policy:
    @property
    def title(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def awards(self) -> List[AwardInfo]: ...
    @property
    def entities(self) -> List[EntityInfo]: ...
    @property
    def warnings(self) -> List[str]: ...
    def check(self) -> List[str]: ...
    def bind(self, data: Data) -> Dataset: ...
    def run(self, data: Union[Data, Dataset], *, year: Optional[int] = ...) -> Result: ...

def compile(source: str, filename: str = ..., *, limits: Optional[Dict[str, int]] = ...) -> Policy: ...
def load(path: Union[str, os.PathLike[str]], *, limits: Optional[Dict[str, int]] = ...) -> Policy: ...

"""Read and cross-check the directory YAML files, and keep one loaded copy."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Tuple, Union

import yaml
from pydantic import ValidationError

from .schema import NATIONAL, AreaFile, Labels, Service

DATA_DIR = Path(__file__).parent / "data"
AREAS_FILE = "areas.yml"
LABELS_FILE = "labels.yml"
_NOT_SERVICES = {AREAS_FILE, LABELS_FILE}

# pydantic error types mapped to the defect classes the validator reports.
_ERROR_CODES = {
    "value_error.unknown_need": "unknown-need",
    "value_error.bad_phone": "bad-phone",
    "value_error.no_contact": "no-contact",
    "value_error.refuge_address": "refuge-address",
}


class DirectoryError(Exception):
    """The directory data has errors; the message lists them."""


@dataclass(frozen=True)
class Finding:
    """One problem found in the data."""

    level: str  # "error" or "warning"
    file: str
    service_id: str
    code: str
    message: str

    def __str__(self) -> str:
        """Format as one line: level, file, service id, code and message."""
        return f"{self.level.upper()} {self.file}: {self.service_id}: {self.code}: {self.message}"


@dataclass(frozen=True, eq=False)  # eq=False keeps identity hashing for caches
class Directory:
    """All services, areas and labels, checked against each other."""

    services: Tuple[Service, ...]
    areas: AreaFile
    labels: Labels
    files: Dict[str, str] = field(default_factory=dict)  # service id -> file name

    def get(self, service_id: str) -> Service | None:
        """Return the service with this id, or None."""
        return self._by_id.get(service_id)

    @functools.cached_property
    def _by_id(self) -> Dict[str, Service]:
        return {s.id: s for s in self.services}


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _support_file(data_dir: Path, name: str) -> Path:
    # Fixture folders carry only services; they borrow the shipped areas and labels.
    own = data_dir / name
    return own if own.exists() else DATA_DIR / name


def _error(file: str, sid: str, code: str, message: str) -> Finding:
    return Finding("error", file, sid, code, message)


def _pydantic_findings(file: str, sid: str, exc: ValidationError) -> List[Finding]:
    found = []
    for err in exc.errors():
        code = _ERROR_CODES.get(err["type"], "schema")
        where = ".".join(str(p) for p in err["loc"] if p != "__root__")
        found.append(_error(file, sid, code, f"{where}: {err['msg']}" if where else err["msg"]))
    return found


def collect(
    data_dir: Union[str, Path, None] = None,
) -> Tuple[Directory | None, List[Finding]]:
    """Read a data folder; return the directory (None if unreadable) and every finding."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    findings: List[Finding] = []

    areas_path = _support_file(data_dir, AREAS_FILE)
    labels_path = _support_file(data_dir, LABELS_FILE)
    try:
        areas = AreaFile.parse_obj(_read_yaml(areas_path))
    except (ValidationError, yaml.YAMLError) as exc:
        return None, [_error(AREAS_FILE, "-", "schema", str(exc))]
    try:
        labels = Labels.parse_obj(_read_yaml(labels_path))
    except (ValidationError, yaml.YAMLError) as exc:
        return None, [_error(LABELS_FILE, "-", "schema", str(exc))]
    findings += _check_areas(areas)

    services: List[Service] = []
    files: Dict[str, str] = {}
    paths = sorted(p for p in data_dir.glob("*.yml") if p.name not in _NOT_SERVICES)
    if not paths:
        findings.append(_error(str(data_dir), "-", "schema", "no service files found"))
    for path in paths:
        loaded, file_findings = _load_service_file(path, areas)
        findings += file_findings
        for service in loaded:
            if service.id in files:
                findings.append(
                    _error(
                        path.name,
                        service.id,
                        "duplicate-id",
                        f"id already used in {files[service.id]}",
                    )
                )
                continue
            files[service.id] = path.name
            services.append(service)

    findings += _check_via(services, files)
    directory = Directory(tuple(services), areas, labels, files)
    return directory, findings


def _load_service_file(path: Path, areas: AreaFile) -> Tuple[List[Service], List[Finding]]:
    name = path.name
    try:
        doc = _read_yaml(path)
    except yaml.YAMLError as exc:
        return [], [_error(name, "-", "schema", f"not valid YAML: {exc}")]
    if not isinstance(doc, dict) or not isinstance(doc.get("services"), list):
        return [], [_error(name, "-", "schema", "expected 'area' and a 'services' list")]
    file_area = doc.get("area")
    findings: List[Finding] = []
    if file_area != NATIONAL and file_area not in areas.areas:
        findings.append(_error(name, "-", "schema", f"unknown area {file_area!r}"))
    services = []
    for index, raw in enumerate(doc["services"]):
        sid = raw.get("id") if isinstance(raw, dict) and raw.get("id") else f"#{index + 1}"
        try:
            service = Service.parse_obj(raw)
        except ValidationError as exc:
            findings += _pydantic_findings(name, str(sid), exc)
            continue
        findings += _check_service_areas(name, service, file_area, areas)
        services.append(service)
    return services, findings


def _check_service_areas(
    file: str, service: Service, file_area: Any, areas: AreaFile
) -> List[Finding]:
    listed = service.audience.areas
    if file_area == NATIONAL:
        if listed != NATIONAL:
            return [_error(file, service.id, "schema", "services in national.yml are 'national'")]
        return []
    if listed == NATIONAL:
        return [_error(file, service.id, "schema", "a local file lists a national service")]
    found = [
        _error(file, service.id, "schema", f"audience.areas: unknown area {a!r}")
        for a in listed
        if a not in areas.areas
    ]
    if file_area not in listed:
        found.append(
            _error(file, service.id, "schema", f"audience.areas does not include {file_area!r}")
        )
    return found


def _check_via(services: List[Service], files: Dict[str, str]) -> List[Finding]:
    by_id = {s.id: s for s in services}
    found = []
    for s in services:
        via = s.contact.via
        if via is None:
            continue
        target = by_id.get(via)
        if target is None:
            found.append(
                _error(files[s.id], s.id, "no-contact", f"contact.via: no service {via!r}")
            )
        elif not target.contact.direct:
            # One hop only: a person must be able to reach the way in directly.
            found.append(
                _error(files[s.id], s.id, "no-contact", f"contact.via: {via!r} is not direct")
            )
    return found


def _check_areas(areas: AreaFile) -> List[Finding]:
    found = []
    seen: Dict[str, str] = {}
    for area_id, area in areas.areas.items():
        for code in [*area.postcode_districts, *area.postcode_sectors]:
            if code in seen:
                found.append(_error(AREAS_FILE, area_id, "schema", f"{code} also in {seen[code]}"))
            seen[code] = area_id
    return found


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: str) -> Directory:
    directory, findings = collect(data_dir)
    errors = [f for f in findings if f.level == "error"]
    if directory is None or errors:
        raise DirectoryError("\n".join(str(f) for f in errors))
    return directory


def load_directory(data_dir: Union[str, Path, None] = None) -> Directory:
    """Load and check the directory once per folder; raise DirectoryError on bad data."""
    return _load_cached(str(Path(data_dir).resolve() if data_dir else DATA_DIR))


def clear_cache() -> None:
    """Forget loaded directories, e.g. after editing the data in a long-running process."""
    _load_cached.cache_clear()

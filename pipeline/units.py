"""Units: one pint registry for the package, and normalisation to the SPEC norm units.

The registry is pint's defaults plus ``rules/units_zh.txt`` (Chinese multipliers
万/亿 as prefixes, 亩, tce, counters, 个百分点, 倍, 元 …), built once with
``on_redefinition="raise"``.  :func:`normalize` folds a value and its unit as
written into one base unit per dimension, named as SPEC.md section 2 names them
(``percent``, ``percentage_point``, ``times``, ``kW``, ``kWh``, ``m3``, ``m``,
``m2``, ``t``, ``tce``, ``yuan``, ``count``, ``d``, ``none``) and rates ``<base>/a``,
``<base>/d`` (``t/a``, ``t/d``).

Decisions (documented here, tested in ``tests/test_units.py``):

* a bare number (unit ``""``) normalises to itself with norm unit ``none``;
* a unit pint cannot read, or whose dimension has no SPEC norm unit (千伏, 小时),
  gives ``(None, None)``: the value is kept as written, and the norm unit is null, as
  SPEC section 2 says ("a unit none of these measures keeps norm_unit null");
* norm values are rounded to 4 decimals (``2 万亩`` → ``13333333.3333``), which
  removes float noise and matches how gold is written; values smaller than that
  keep 10 significant digits instead of becoming 0.

Speed: importing pint and building the registry take longer than extracting a plan,
so the norm of every spelling the quantity finder looks for is read from
``pipeline/_unit_norms.py``, a table pint computed beforehand (``make units-table``):
pint converts a multiplicative unit as ``value * factor``, and the table holds that
factor.  ``tests/test_units.py`` checks that the table is what pint gives now; a table
made from another ``rules/units_zh.txt`` than the one in use is ignored, and pint is
asked, as it is for any spelling the table lacks.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .rules import rule_path
from .text import squeeze

if TYPE_CHECKING:
    import pint

UNITS_FILE = "units_zh.txt"

#: SPEC norm unit → the pint unit it is expressed in (checked by dimensionality).
NORM_UNITS: tuple[tuple[str, str], ...] = (
    ("kW", "kilowatt"),
    ("kWh", "kilowatt_hour"),
    ("m3", "meter ** 3"),
    ("m2", "meter ** 2"),
    ("m", "meter"),
    ("t", "metric_ton"),
    ("tce", "tonne_coal_equivalent"),
    ("yuan", "yuan"),
    ("count", "item"),
    ("times", "times"),
    ("percentage_point", "percentage_point"),
    ("d", "day"),
)

#: Rate denominators: pint unit → suffix of the norm unit (``t/a``, ``t/d``).
RATE_BASES: tuple[tuple[str, str], ...] = (("year", "a"), ("day", "d"))

#: Bare multipliers written after an Arabic number with no unit (``50万``).
BARE_MULTIPLIERS: dict[str, float] = {"万": 1e4, "亿": 1e8, "万亿": 1e12}

#: Spellings pint does not read, rewritten before parsing (pint ``preprocessors``).
_REWRITES: tuple[tuple[str, str], ...] = (
    ("％", "percent"),
    ("%", "percent"),
    ("‰", "permille"),
    ("百分之", "percent"),
    ("m²", "m**2"),
    ("m³", "m**3"),
    ("km2", "km**2"),
    ("m2", "m**2"),
    ("m3", "m**3"),
    ("／", "/"),
)


def _rewrite(unit: str) -> str:
    """pint preprocessor: ASCII and symbol spellings pint's parser does not take.

    >>> _rewrite("%"), _rewrite("万m3")
    ('percent', '万m**3')
    """
    for old, new in _REWRITES:
        unit = unit.replace(old, new)
    return unit


@cache
def get_registry() -> pint.UnitRegistry:
    """The package's one unit registry (pint defaults + ``rules/units_zh.txt``)."""
    import pint

    ureg = pint.UnitRegistry(on_redefinition="raise", preprocessors=[_rewrite])
    ureg.load_definitions(str(rule_path(UNITS_FILE)))
    return ureg


@cache
def _norm_targets() -> list[tuple[str, pint.Unit, object]]:
    ureg = get_registry()
    out = []
    for name, expr in NORM_UNITS:
        unit = ureg.parse_units(expr)
        out.append((name, unit, ureg.get_dimensionality(unit)))
    return out


def _round(x: float) -> float:
    """Round to 4 decimals, dropping float noise.

    >>> _round(26000.000000000004), _round(40000000 / 3), _round(3e-12)
    (26000.0, 13333333.3333, 3e-12)
    """
    rounded = float(round(x, 4))
    return rounded if rounded or not x else float(f"{x:.10g}")  # 3 微克 in tonnes is not 0


@lru_cache(maxsize=1024)
def _parse_units(unit: str) -> pint.Unit | None:
    """``unit`` as the registry reads it, or None; each spelling is parsed once (pint's parser is slow)."""
    ureg = get_registry()
    import pint

    try:
        return ureg.parse_units(unit)
    except (pint.errors.PintError, AttributeError, SyntaxError, TypeError, ValueError):
        return None


@lru_cache(maxsize=1024)
def _norm_target(unit: str) -> tuple[pint.Unit, pint.Unit | str, str] | None:
    """The parsed ``unit``, the pint unit to convert it to and the norm unit's name; None: no norm."""
    units = _parse_units(unit)
    if units is None:
        return None
    dims = get_registry().get_dimensionality(units)
    if not dims:  # dimensionless: percent, 成, permille (count/倍 have dimensions of their own)
        return units, "percent", "percent"
    for name, target, target_dims in _norm_targets():
        if dims == target_dims:
            return units, target, name
    return None


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _convert(value: float, unit: str) -> tuple[float | None, str | None]:
    """``value`` in ``unit`` (no rate) to its norm; a Chinese multiplier before a Latin unit
    (``万m3``, ``万kW``) scales the unit, not its power (pint would read 万m**3 as (万m)**3).

    >>> _convert(9, "万m3"), _convert(30, "万kW"), _convert(2, "亿kWh")
    ((90000.0, 'm3'), (300000.0, 'kW'), (200000000.0, 'kWh'))
    """
    for prefix in sorted(BARE_MULTIPLIERS, key=len, reverse=True):  # 万亿 before 万
        rest = unit.removeprefix(prefix)
        if rest != unit and rest.isascii() and rest.strip():
            norm_value, norm_unit = _convert(value, rest)
            return (
                (None, norm_unit)
                if norm_value is None
                else (_round(norm_value * BARE_MULTIPLIERS[prefix]), norm_unit)
            )
    norms = _norm_table()[0]
    if unit in norms:
        norm = norms[unit]
        return (None, None) if norm is None else (_round(value * norm[0]), norm[1])
    if norms and _HAN.search(unit):
        # the table holds every Chinese spelling rules/units_zh.txt defines: pint knows no other
        # (克标煤 in a table header), and loading it would cost two seconds for nothing
        return None, None
    return _convert_with_pint(value, unit)


def _convert_with_pint(value: float, unit: str) -> tuple[float | None, str | None]:
    magnitude, name = _pint_magnitude(value, unit)
    return (None, name) if magnitude is None else (_round(magnitude), name)


def _pint_magnitude(value: float, unit: str) -> tuple[float | None, str | None]:
    """``value`` in ``unit`` converted to its norm unit by pint, not rounded."""
    plan = _norm_target(unit)
    if plan is None:
        return None, None
    units, target, name = plan
    quantity = get_registry().Quantity(value, units)
    if name == "percent":
        import pint

        try:
            return quantity.to(target).magnitude, name
        except pint.errors.PintError:
            return None, None
    return quantity.to(target).magnitude, name


@lru_cache(maxsize=4096)  # half of a plan's quantities repeat a value and unit seen before
def normalize(value: float, unit: str) -> tuple[float | None, str | None]:
    """``value`` in ``unit`` (as written) → ``(norm_value, norm_unit)`` of SPEC section 2.

    >>> normalize(2.6, "万千瓦")
    (26000.0, 'kW')
    >>> normalize(75, "万亩")
    (500000000.0, 'm2')
    >>> normalize(1.2, "亿元"), normalize(3, "个百分点"), normalize(3.3, "倍")
    ((120000000.0, 'yuan'), (3.0, 'percentage_point'), (3.3, 'times'))
    >>> normalize(80, "万吨/年"), normalize(1000, "吨/日")
    ((800000.0, 't/a'), (1000.0, 't/d'))
    >>> normalize(20.5, "微克/立方米"), normalize(50, "毫克/立方米"), normalize(0.5, "毫克/升")
    ((20.5, 'ug/m3'), (50000.0, 'ug/m3'), (0.5, 'mg/L'))
    >>> normalize(1.5, ""), normalize(220, "千伏"), normalize(3, "斤两"), normalize(6773, "千瓦时/人")
    ((1.5, 'none'), (None, None), (None, None), (None, None))
    >>> normalize(7.5, "吨/月·平方公里")
    (None, None)
    """
    unit = squeeze(unit)
    if not unit:
        return _round(value), "none"
    if unit in BARE_MULTIPLIERS:
        return _round(value * BARE_MULTIPLIERS[unit]), "none"
    numerator, slash, denominator = re.sub("／", "/", unit).partition("/")
    if slash:
        return _rate(value, numerator, denominator)
    return _convert(value, unit)


#: Concentrations: a mass per volume, normalised per cubic metre, or per litre where written so.
_LITRE = ("升", "L", "l")


def _rate(value: float, numerator: str, denominator: str) -> tuple[float | None, str | None]:
    """A rate keeps its time base (万吨/年 → t/a); a mass per volume is a concentration."""
    if (concentration := _concentration(value, numerator, denominator)) is not None:
        return concentration
    norm_value, norm_unit = _convert(value, numerator)
    if norm_value is None or norm_unit in (None, "none", "percent"):
        return None, None
    bases = _norm_table()[1]
    if denominator in bases:
        suffix = bases[denominator]
    elif bases and _HAN.search(denominator):  # 月·平方公里: the table holds every Chinese time base
        suffix = None
    else:
        suffix = _rate_suffix_with_pint(denominator)
    return (None, None) if suffix is None else (norm_value, f"{norm_unit}/{suffix}")


@lru_cache(maxsize=256)
def _concentration_factor(numerator: str, denominator: str) -> tuple[float, str] | None:
    """The factor and norm unit of a mass per volume (微克/立方米 → ug/m3, 毫克/升 → mg/L), or None."""
    litre = denominator in _LITRE
    mass = _parse_units(_rewrite(numerator))
    base = get_registry().parse_units("liter") if litre else _parse_units(_rewrite(denominator))
    if mass is None or base is None:
        return None
    ureg = get_registry()
    if ureg.get_dimensionality(mass) != ureg.get_dimensionality("gram") or (
        ureg.get_dimensionality(base) != ureg.get_dimensionality("meter ** 3")
    ):
        return None
    target, name = ("milligram / liter", "mg/L") if litre else ("microgram / meter ** 3", "ug/m3")
    return ureg.Quantity(1.0, mass / base).to(target).magnitude, name


def _concentration(value: float, numerator: str, denominator: str) -> tuple[float | None, str] | None:
    """A mass per volume in its norm unit, or None (千克/亩 is no concentration).

    >>> _concentration(50, "毫克", "立方米"), _concentration(0.5, "毫克", "升")
    ((50000.0, 'ug/m3'), (0.5, 'mg/L'))
    >>> _concentration(15, "千克", "亩") is None
    True
    """
    if not any(mark in numerator for mark in ("克", "g")):  # no mass: no pint needed
        return None
    norms = _norm_table()[0]
    litre = denominator in _LITRE
    if not litre and denominator in norms and (norms[denominator] or ("", ""))[1] != "m3":
        return None  # per kWh, per 亩…: no volume, no concentration (克标煤/千瓦时)
    if numerator in norms and (litre or denominator in norms):  # the table knows both: no pint
        mass, volume = norms[numerator], None if litre else norms[denominator]
        if mass is None or mass[1] != "t" or (not litre and (volume is None or volume[1] != "m3")):
            return None
        if litre:  # tonnes per litre → milligrams per litre
            return _round(value * mass[0] * 1e9), "mg/L"
        return _round(value * mass[0] * 1e12 / volume[0]), "ug/m3"  # type: ignore[index]
    found = _concentration_factor(numerator, denominator)
    return None if found is None else (_round(value * found[0]), found[1])


def _rate_suffix_with_pint(denominator: str) -> str | None:
    """The norm suffix of a rate's time base (年 → ``a``), or None when it is no time base."""
    base = _parse_units(_rewrite(denominator))
    if base is None:
        return None
    return next((suffix for pint_name, suffix in RATE_BASES if base == _parse_units(pint_name)), None)


# ----------------------------------------------------------------------------- the norm table

_TABLE_MODULE = Path(__file__).with_name("_unit_norms.py")
_FACTOR_CHECKS = (0.0, 1.0, 2.6, 13.5, 75.0, 1e-3, 3e-12, 123456.789)


def _units_file_sha256() -> str:
    return hashlib.sha256(rule_path(UNITS_FILE).read_bytes()).hexdigest()


@cache
def _norm_table() -> tuple[dict[str, tuple[float, str] | None], dict[str, str | None]]:
    """(spelling → (factor, norm unit) or None, rate denominator → suffix or None), or two
    empty tables when ``_unit_norms.py`` was made from another ``rules/units_zh.txt``."""
    from . import _unit_norms

    if _unit_norms.UNITS_FILE_SHA256 != _units_file_sha256():
        return {}, {}
    return _unit_norms.NORMS, _unit_norms.RATE_BASES


def _table_spellings() -> list[str]:
    """Every unit the quantity finder reads (``pipeline.quantities``): Chinese, Latin, rate bases."""
    from .rules import load_yaml

    latin = [str(u) for u in load_yaml("targets.yaml")["quantities"]["latin_units"]]
    rewritten = [old for old, _ in _REWRITES if old != "／"]  # 百分之, ％ … (／ is no unit)
    return sorted({*unit_spellings(), *latin, *rate_denominators(), *_TIME_ONLY, *rewritten})


def compute_norm_table() -> tuple[dict[str, tuple[float, str] | None], dict[str, str | None]]:
    """The tables of ``_unit_norms.py`` as pint gives them now.

    The factor is pint's conversion of 1.0, unrounded.  A spelling enters the norm table
    only where pint's conversion is ``value * factor`` for every value checked (an offset
    unit such as °C would not be).
    """
    norms: dict[str, tuple[float, str] | None] = {}
    bases: dict[str, str | None] = {}
    for spelling in _table_spellings():
        key = squeeze(spelling)  # what _convert is given
        factor, name = _pint_magnitude(1.0, key)
        if factor is None:
            norms[key] = None
        elif all(_pint_magnitude(v, key) == (v * factor, name) for v in _FACTOR_CHECKS):
            norms[key] = (float(factor), name)
        bases[key] = _rate_suffix_with_pint(key)
    return norms, bases


def _literal(value: object) -> str:
    """A Python literal of ``value``, strings in double quotes (as ruff formats them).

    >>> print(_literal(("万千瓦", 10000.0)), _literal(None), _literal(1e16))
    ("万千瓦", 10000.0) None 1e16
    """
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a Python string literal
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ")"
    return repr(value).replace("e+", "e")  # 1e+16 is written 1e16


def write_norm_table(path: Path = _TABLE_MODULE) -> None:
    """Write ``pipeline/_unit_norms.py`` from pint and ``rules/units_zh.txt`` (``make units-table``)."""
    import pint

    norms, bases = compute_norm_table()
    lines = [
        '"""Norm units of the unit spellings, as pint computes them (generated: do not edit).',
        "",
        "Written by ``make units-table`` (``pipeline.units.write_norm_table``) from",
        f"``rules/units_zh.txt`` with pint {pint.__version__}; ``tests/test_units.py`` checks it is current.",
        '"""',
        "",
        f'UNITS_FILE_SHA256 = "{_units_file_sha256()}"',
        "",
        "#: spelling → (factor, norm unit): the norm value is ``value * factor``; None: no norm unit",
        "NORMS: dict[str, tuple[float, str] | None] = {",
        *(f"    {_literal(k)}: {_literal(v)}," for k, v in norms.items()),
        "}",
        "",
        "#: rate denominator → suffix of the norm unit (``t/a``); None: not a time base",
        "RATE_BASES: dict[str, str | None] = {",
        *(f"    {_literal(k)}: {_literal(v)}," for k, v in bases.items()),
        "}",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


@cache
def _definition_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Chinese unit spellings and prefixes declared in ``rules/units_zh.txt``."""
    units: list[str] = []
    prefixes: list[str] = []
    cjk = re.compile(r"[\u3400-\u9fff]")
    for line in rule_path(UNITS_FILE).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or "=" not in line:
            continue
        fields = [f.strip() for f in line.removeprefix("@alias").split("=")]
        if fields[0].endswith("-"):
            prefixes.extend(f.rstrip("-") for f in [fields[0], *fields[2:]] if cjk.search(f))
            continue
        units.extend(f for f in fields if cjk.search(f) and not f.startswith("[") and " " not in f)
    return tuple(dict.fromkeys(units)), tuple(dict.fromkeys(prefixes))


#: Time words that are units only inside a rate or as a duration word of their own (天).
_TIME_ONLY = frozenset({"日", "年", "月", "小时", "秒"})


@cache
def unit_spellings() -> tuple[str, ...]:
    """Every Chinese unit spelling the quantity finder looks for, longest first.

    Plain units, and each with a Chinese multiplier prefix (万千瓦, 亿元); time
    words serve only as rate denominators (see :func:`rate_denominators`).

    >>> "万千瓦" in unit_spellings() and "亿千瓦时" in unit_spellings()
    True
    >>> "年" in unit_spellings()
    False
    """
    units, prefixes = _definition_names()
    plain = [u for u in units if u not in _TIME_ONLY]
    no_prefix = {"成", "百分比", "个百分点", "百分点", "倍", "天", "度"}
    prefixed = [p + u for p in prefixes for u in plain if u not in no_prefix]
    return tuple(sorted(set(plain + prefixed), key=lambda s: (-len(s), s)))


def unit_prefixes() -> tuple[str, ...]:
    """The Chinese multipliers of ``rules/units_zh.txt``, longest first (万亿, 万, 亿)."""
    return tuple(sorted(_definition_names()[1], key=len, reverse=True))


def rate_denominators() -> tuple[str, ...]:
    """Time words after ``/`` that make a rate (``万吨/年``)."""
    return ("年", "月", "日", "天", "秒", "a", "d")

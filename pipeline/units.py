"""Units: one pint registry for the package, and normalisation to the SPEC norm units.

The registry is pint's defaults plus ``rules/units_zh.txt`` (Chinese multipliers
万/亿 as prefixes, 亩, tce, counters, 个百分点, 倍, 元 …), built once with
``on_redefinition="raise"``.  :func:`normalize` folds a value and its unit as
written into one base unit per dimension, named as SPEC.md section 2 names them
(``percent``, ``percentage_point``, ``times``, ``kW``, ``kWh``, ``m3``, ``m``,
``m2``, ``t``, ``tce``, ``yuan``, ``count``, ``d``, ``none``), rates ``<base>/a``,
``<base>/d`` (``t/a``, ``t/d``) and concentrations ``ug/m3`` (微克/立方米, 毫克/立方米)
and ``mg/L`` (毫克/升).

Decisions (documented here, tested in ``tests/test_units.py``):

* a bare number (unit ``""``) normalises to itself with norm unit ``none``;
* a unit pint cannot read, or whose dimension has no SPEC norm unit (千伏, 千瓦时/人),
  gives ``(None, None)``: the value is kept as written, and the norm unit is null, as
  SPEC section 2 says ("a unit none of these measures keeps norm_unit null");
* norm values are rounded to 4 decimals (``2 万亩`` → ``13333333.3333``), which
  removes float noise and matches how gold is written; values smaller than that
  keep 10 significant digits instead of becoming 0.
"""

from __future__ import annotations

import re
from functools import cache

import pint

from .rules import rule_path
from .text import squeeze

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


def _convert(value: float, unit: str) -> tuple[float | None, str | None]:
    ureg = get_registry()
    try:
        units = ureg.parse_units(unit)
    except (pint.errors.PintError, AttributeError, SyntaxError, TypeError, ValueError):
        return None, None
    quantity = ureg.Quantity(value, units)
    dims = quantity.dimensionality
    if not dims:  # dimensionless: percent, 成, permille (count/倍 have dimensions of their own)
        try:
            return _round(quantity.to("percent").magnitude), "percent"
        except pint.errors.PintError:
            return None, None
    for name, target, target_dims in _norm_targets():
        if dims == target_dims:
            return _round(quantity.to(target).magnitude), name
    return None, None


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
    ureg = get_registry()
    litre = denominator in _LITRE
    try:
        base = ureg.parse_units("liter" if litre else _rewrite(denominator))
        mass = ureg.parse_units(_rewrite(numerator))
    except (pint.errors.PintError, AttributeError, SyntaxError, TypeError, ValueError):
        return None, None
    if ureg.get_dimensionality(mass) == ureg.get_dimensionality("gram") and (
        ureg.get_dimensionality(base) == ureg.get_dimensionality("meter ** 3")
    ):
        target, name = ("milligram / liter", "mg/L") if litre else ("microgram / meter ** 3", "ug/m3")
        return _round(ureg.Quantity(value, mass / base).to(target).magnitude), name
    norm_value, norm_unit = _convert(value, numerator)
    if norm_value is None or norm_unit in (None, "none", "percent"):
        return None, None
    for pint_name, suffix in RATE_BASES:
        if base == ureg.parse_units(pint_name):
            return norm_value, f"{norm_unit}/{suffix}"
    return None, None


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
_TIME_ONLY = frozenset({"日", "年", "月", "小时"})


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


def rate_denominators() -> tuple[str, ...]:
    """Time words after ``/`` that make a rate (``万吨/年``)."""
    return ("年", "日", "天", "a", "d")

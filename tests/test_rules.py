"""Rule files: every one parses, and a broken one is named with its line."""

from pathlib import Path

import pytest

from pipeline import rules
from pipeline.errors import RuleSyntaxError

RULES = Path(rules.__file__).resolve().parent.parent / "rules"


@pytest.mark.parametrize("path", sorted(RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_rule_file_parses_and_documents_itself(path):
    assert path.read_text(encoding="utf-8").lstrip().startswith("#"), (
        "a rule file opens with its syntax header"
    )
    assert rules.load_yaml(path.name) is not None


def test_syntax_error_names_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("# header\nwords:\n  - a\n  - [b\n", encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules.load_yaml.cache_clear()
    with pytest.raises(RuleSyntaxError) as err:
        rules.load_yaml("broken.yaml")
    rules.load_yaml.cache_clear()
    assert "broken.yaml:" in str(err.value) and err.value.line is not None
    assert str(err.value).startswith("[E100]")


def test_missing_rule_file(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    with pytest.raises(RuleSyntaxError, match="not found"):
        rules.rule_path("nothing.yaml")


def test_require_checks_types():
    with pytest.raises(RuleSyntaxError, match="must be a list"):
        rules.require({"words": "x"}, "words", list, "segment.yaml")


def test_rules_come_from_the_checkout_unless_overridden(tmp_path, monkeypatch):
    monkeypatch.delenv("PLAN_EXTRACT_RULES", raising=False)
    assert rules.find_rules_dir() == RULES  # the repository's rules/, the place a researcher edits
    monkeypatch.setenv("PLAN_EXTRACT_RULES", str(tmp_path))
    assert rules.find_rules_dir() == tmp_path


def test_rule_files_read_alike_with_libyaml_and_pure_python():
    """``load_yaml`` uses libyaml's parser where PyYAML has it; both must read every rule file alike."""
    import yaml

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    for path in sorted(rules.RULES_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text), path.name

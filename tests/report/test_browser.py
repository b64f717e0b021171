"""The report in a real browser: headless Chromium driven by selenium.

Debian's ``chromium`` and ``chromium-driver`` are used (``/usr/bin/chromium``,
``/usr/bin/chromedriver``).  When they are missing, the set-up installs them with
``apt-get`` (as root), with a CJK font for legible screenshots; where that is impossible
the tests are skipped with the reason.  Chromium runs with a fresh profile, headless, and
with every background connection off (the machine may have no network: the pages must
need none).

For each page: no console errors, nothing loaded but the page itself, the counts of
marked targets and blocks equal those in ``documents.jsonl``, hovering a target or a
block shows its fields, and a screenshot goes to ``outputs/report-screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from review_runs import ROOT, predictions

webdriver = pytest.importorskip(
    "selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')"
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PACKAGES = ["chromium", "chromium-driver"]
FONT_PACKAGE = "fonts-wqy-microhei"
SCREENSHOTS = ROOT / "outputs" / "report-screenshots"
FLAGS = [
    "--headless=new",
    "--no-sandbox",  # Chromium's sandbox cannot start as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--window-size=1400,1000",
]


def _apt(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(["apt-get", *args], capture_output=True, text=True, env=env, check=False)


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


def ensure_chromium() -> str | None:
    """Install Chromium and its driver when missing; the reason they cannot be, or None."""
    if Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file():
        if not _has_cjk_font() and hasattr(os, "geteuid") and os.geteuid() == 0:
            _apt("install", "-y", "-q", FONT_PACKAGE)  # legibility of screenshots only: failure is fine
        return None
    if not shutil.which("apt-get"):
        return "Chromium and chromedriver are missing and there is no apt-get to install them"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return f"Chromium and chromedriver are missing; install them as root: apt-get install {' '.join(PACKAGES)}"
    update = _apt("update", "-q")
    install = _apt("install", "-y", "-q", *PACKAGES, FONT_PACKAGE)
    if install.returncode != 0 or not Path(CHROMEDRIVER).is_file():
        tail = (install.stderr or update.stderr or install.stdout).strip().splitlines()[-3:]
        return f"apt-get install {' '.join(PACKAGES)} failed: {' / '.join(tail)}"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    reason = ensure_chromium()
    if reason:
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: object, path: Path) -> None:
    driver.get_log("browser")  # reading the log empties it: each page starts with its own
    driver.get(path.resolve().as_uri())


def console_errors(driver: object) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def resources_loaded(driver: object) -> list[str]:
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def hover(driver: object, element: object) -> str:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(driver).move_to_element(element).perform()
    tip = driver.find_element(By.ID, "tip")
    assert tip.is_displayed(), "the tooltip shows on hover"
    return tip.text


@pytest.mark.parametrize("doc_id", sorted(p.stem for p in (ROOT / "corpus" / "raw").glob("*.txt")))
def test_document_page_in_chromium(browser, corpus_dir, report_dir, doc_id):
    record = predictions(corpus_dir)[doc_id]
    open_page(browser, report_dir / f"{doc_id}.html")
    assert browser.title.startswith(record["title"])
    targets = browser.find_elements(By.CSS_SELECTOR, ".target")
    blocks = browser.find_elements(By.CSS_SELECTOR, ".block")
    assert len(targets) == len(record["targets"]) and len(blocks) == len(record["responsibilities"])
    assert sorted(int(t.get_attribute("data-start")) for t in targets) == sorted(
        t["start"] for t in record["targets"]
    )
    assert all(t.is_displayed() for t in targets[:5])

    block = record["responsibilities"][len(blocks) // 2]
    shown = hover(browser, blocks[len(blocks) // 2])
    assert block["units"][0]["name"] in shown and f"{block['start']}–{block['end']}" in shown
    target = record["targets"][len(targets) // 2]
    shown = hover(browser, targets[len(targets) // 2])
    assert target["indicator"] in shown and f"{target['start']}–{target['end']}" in shown
    assert f"direction\n{target['direction']}" in shown or target["direction"] in shown

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / f"{doc_id}.png"))
    assert console_errors(browser) == []
    assert resources_loaded(browser) == [], "the page loads nothing besides itself"


def test_outline_links_scroll_to_their_headings(browser, report_dir):
    open_page(browser, report_dir / "xingguo.html")
    links = browser.find_elements(By.CSS_SELECTOR, "nav.outline a[href^='#']")
    assert links
    link = links[len(links) // 2]
    target_id = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    heading = browser.find_element(By.ID, target_id)
    in_view = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;",
        heading,
    )
    assert in_view and "heading" in heading.get_attribute("class")
    assert console_errors(browser) == []


def test_index_page_in_chromium(browser, corpus_dir, report_dir):
    open_page(browser, report_dir / "index.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.document")
    assert [r.get_attribute("data-doc") for r in rows] == sorted(predictions(corpus_dir))
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / "index.png"))
    assert console_errors(browser) == [] and resources_loaded(browser) == []
    last = rows[-1].get_attribute("data-doc")
    rows[-1].find_element(By.TAG_NAME, "a").click()
    assert browser.current_url.endswith(f"/{last}.html")


def test_misses_and_false_alarms_have_their_own_colours(browser, altered_report):
    open_page(browser, altered_report / "xingguo.html")

    def colour(selector: str) -> str:
        element = browser.find_element(By.CSS_SELECTOR, selector)
        return browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", element)

    selectors = {"target": ".target.tp", "fp": ".target.fp", "fn": ".fn.gold-target", "block": ".block.tp"}
    colours = {name: colour(selector) for name, selector in selectors.items()}
    assert len(set(colours.values())) == 4, colours
    shown = hover(browser, browser.find_element(By.CSS_SELECTOR, ".target.fp"))
    assert "FP" in shown
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / "xingguo-against-altered-gold.png"))
    assert console_errors(browser) == []

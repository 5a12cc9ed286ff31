"""The fleet report's model and renderers: fixture bundles side by side, and hostile bundle strings kept inert."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.fleet_bundles import (
    ATTRIBUTE,
    FIXTURES,
    HOSTILE_NAME,
    JS_URL,
    SCRIPT_CLOSE,
    SCRIPT_TAG,
    hostile_bundle,
)
from wslgo.checks.model import Status
from wslgo.errors import InputError, UsageError
from wslgo.fleet.html import render_html
from wslgo.fleet.json_out import fleet_to_dict, render_json
from wslgo.fleet.load import load_fleet, machine_name, select_bundles
from wslgo.fleet.markdown import render_markdown
from wslgo.fleet.model import Fleet, go_sort_key
from wslgo.policy.load import read_policy

REPO = Path(__file__).resolve().parents[3]
SPEC_POLICY = REPO / "tests" / "data" / "policy" / "wslgo.toml"
GENERATED = "2026-11-02T09:00:00+00:00"


@pytest.fixture(scope="module")
def fleet() -> Fleet:
    return load_fleet(FIXTURES, generated=GENERATED, policy=read_policy(SPEC_POLICY))


def test_every_bundle_is_a_machine_with_doctors_own_findings(fleet: Fleet) -> None:
    assert [m.name for m in fleet.machines] == [p.name for p in FIXTURES]
    healthy = next(m for m in fleet.machines if m.name == "wsl2-ubuntu-healthy")
    assert healthy.facts.go_version == "go1.27.3" and healthy.facts.wsl_label == "WSL2 1.0.0.0"
    assert (
        healthy.facts.distro == "Ubuntu 24.04.1 LTS"
        and healthy.facts.kernel == "5.15.74.2-microsoft-standard-WSL2"
    )
    assert healthy.facts.where == "al@DESKTOP-7Q4KD2M (Ubuntu-24.04)"
    windows = next(m for m in fleet.machines if m.name == "wsl2-windows-go-wins")
    assert windows.status_of("GO002") is Status.ERROR and windows.status_of("POL001") is Status.ERROR
    assert "wslgo go install 1.27" in windows.fixes
    plain = next(m for m in fleet.machines if m.name == "linux-plain")
    assert plain.facts.wsl_label == "not WSL" and plain.status_of("WSL010") is Status.SKIPPED


def test_most_common_findings_come_first_with_their_machines(fleet: Fleet) -> None:
    counts = [item.count for item in fleet.common]
    assert counts == sorted(counts, reverse=True)
    top = fleet.common[0]
    assert top.count == len(FIXTURES) and top.check.id in ("POL002", "POL003")
    gocache = next(item for item in fleet.common if item.check.id == "GO021")
    assert gocache.status is Status.ERROR
    assert [fleet.machine(i).name for i in gocache.machines] == ["wsl2-gocache-on-mnt-c"]
    # Columns where no machine has a problem can be folded; a check with an error never is.
    assert "GO021" not in fleet.quiet and "GO001" in fleet.quiet


def test_json_contract_is_versioned_and_carries_each_machines_checks(fleet: Fleet) -> None:
    document = json.loads(render_json(fleet))
    assert list(document) == [
        "schema_version",
        "kind",
        "wslgo_version",
        "generated",
        "policy",
        "summary",
        "common_findings",
        "machines",
    ]
    assert document["schema_version"] == 1 and document["kind"] == "wslgo-fleet-report"
    assert document["summary"]["machines"] == len(FIXTURES)
    machine = document["machines"][0]
    assert list(machine) == ["name", "bundle", "worst", "summary", "environment", "policy", "checks", "fixes"]
    assert set(machine["checks"][0]) == {
        "id",
        "title",
        "category",
        "status",
        "message",
        "fix",
        "fixable_by",
        "docs",
    }
    assert fleet_to_dict(fleet)["common_findings"][0]["count"] == len(FIXTURES)


def test_go_versions_sort_in_gos_order() -> None:
    ordered = ["go1.9", "go1.21rc1", "go1.21.0", "go1.21.10", "go1.27.3"]
    assert sorted(ordered, key=go_sort_key) == ordered
    assert go_sort_key(None) == "" and go_sort_key("devel +abc") == ""


# -- choosing bundles ---------------------------------------------------------------------------------------


def test_a_shell_glob_over_a_bundle_directory_skips_what_is_not_a_bundle() -> None:
    everything = sorted((REPO / "tests" / "bundles").iterdir())
    selection = select_bundles(everything)
    assert list(selection.bundles) == FIXTURES
    assert {path.name for path, _ in selection.skipped} == {
        "README.md",
        "build_fixtures.py",
        "raw",
        "snapshots",
    }
    # A directory of bundles stands for them; repeats collapse.
    assert list(select_bundles([REPO / "tests" / "bundles", FIXTURES[0]]).bundles) == FIXTURES


def test_missing_paths_and_no_bundles_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        select_bundles([tmp_path / "nope.tar.gz"])
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="no bundles among the paths given"):
        select_bundles([tmp_path / "notes.txt"])
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not a tar")
    with pytest.raises(InputError, match=r"broken\.tar\.gz"):
        load_fleet([broken], generated=GENERATED)


def test_machine_names_drop_the_archive_suffix() -> None:
    assert machine_name(Path("/x/alice-laptop.tar.gz")) == "alice-laptop"
    assert machine_name(Path("bob.ZIP")) == "bob"
    assert machine_name(Path("carol")) == "carol"


# -- hostile bundle strings -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    bundle = hostile_bundle(tmp_path_factory.mktemp("hostile"))
    return render_html(load_fleet([bundle, FIXTURES[0]], generated=GENERATED))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_hostile_strings_are_text_never_markup(hostile_html: str) -> None:
    parser = _Tags()
    parser.feed(hostile_html)
    tags = {tag for tag, _ in parser.tags}
    assert "svg" not in tags and "img" not in tags
    assert [tag for tag, _ in parser.tags].count("script") == 2  # the JSON data and the page's own script
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action"):
                assert value is not None and not value.strip().lower().startswith("javascript:"), value
    # The strings are all there, as text.
    for payload in (SCRIPT_TAG, SCRIPT_CLOSE, ATTRIBUTE, JS_URL, HOSTILE_NAME):
        assert payload not in hostile_html  # never verbatim...
    unescaped = html.unescape(re.sub(r"<[^>]+>", "", hostile_html))
    for payload in (SCRIPT_TAG, HOSTILE_NAME, JS_URL):
        assert payload in unescaped  # ...but readable


def test_embedded_json_cannot_close_its_script_and_round_trips(hostile_html: str) -> None:
    parser = _Tags()
    parser.feed(hostile_html)
    data_text, script = parser.scripts
    assert "</" not in data_text and "<" not in data_text
    data = json.loads(data_text)
    assert data["machines"][0]["n"] == HOSTILE_NAME
    assert SCRIPT_TAG.lower() in data["machines"][0]["q"]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    [csp] = [
        dict(attrs)["content"]
        for tag, attrs in parser.tags
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_the_page_loads_nothing_from_anywhere(hostile_html: str) -> None:
    assert "<link" not in hostile_html and "@import" not in hostile_html and " src=" not in hostile_html
    assert "url(" not in hostile_html


def test_markdown_keeps_hostile_strings_inert(tmp_path: Path) -> None:
    text = render_markdown(load_fleet([hostile_bundle(tmp_path)], generated=GENERATED))
    assert "<script" not in text and "<svg" not in text and "](" not in text
    assert "&lt;script&gt;" in text
    for line in text.splitlines():
        if line.startswith("| evil"):
            assert line.count(" | ") == len(line.split(" | ")) - 1  # escaped pipes do not add columns


def test_a_bundle_with_megabyte_strings_does_not_blow_up_the_page(tmp_path: Path) -> None:
    import dataclasses

    from wslgo.evidence.bundle import read_bundle, write_bundle

    evidence = read_bundle(FIXTURES[0])
    huge = dataclasses.replace(
        evidence,
        env=dict(evidence.env, NAME="h" * 1_000_000, GOPROXY="https://" + "x" * 3_000_000 + ".example"),
    )
    bundle = write_bundle(huge, tmp_path / "huge")
    fleet = load_fleet([bundle], generated=GENERATED)
    assert len(render_html(fleet).encode()) < 300_000
    assert len(render_markdown(fleet).encode()) < 100_000

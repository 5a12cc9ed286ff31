"""WSL's own reading of the two files (WSL-FACTS §3.2)."""

from __future__ import annotations

from wslgo.wslconf.reader import read_wsl_config


def test_wsl_conf_stops_at_the_first_invalid_line_and_names_the_skipped_settings() -> None:
    data = b"[automount]\noptions = metadata\n; options = case=dir\n[boot]\nsystemd=true\n"
    reading = read_wsl_config(data, "wsl.conf")
    assert reading.stopped_at == 3
    assert [(s.name, s.line) for s in reading.skipped] == [("boot.systemd", 5)]
    assert reading.value("automount.options") == "metadata"
    assert reading.value("boot.systemd") is None
    (problem,) = reading.problems
    assert problem.kind == "invalid-line" and problem.line == 3
    assert problem.message.startswith("Invalid key name in /etc/wsl.conf:3")


def test_wslconfig_skips_invalid_lines_and_reads_on() -> None:
    data = b"[wsl2]\r\n; comment\r\nmemory=4GB # half\r\n"
    reading = read_wsl_config(data, ".wslconfig")
    assert reading.stopped_at is None
    assert reading.value("wsl2.memory") == "4GB"
    assert [p.kind for p in reading.problems] == ["invalid-line"]


def test_first_duplicate_wins_and_experimental_aliases_are_the_same_key() -> None:
    data = b"[experimental]\nnetworkingMode=mirrored\n[wsl2]\nnetworkingMode=nat\nipv6=true\nIPV6=false\n"
    reading = read_wsl_config(data, ".wslconfig")
    assert reading.value("wsl2.networkingMode") == "mirrored"
    assert reading.value("wsl2.ipv6") == "true"
    duplicates = [p for p in reading.problems if p.kind == "duplicate"]
    assert [(p.line, p.other_line) for p in duplicates] == [(4, 2), (6, 5)]
    assert "Duplicated config key 'wsl2.networkingMode' in .wslconfig:4" in duplicates[0].message
    assert "(Conflicting key: 'experimental.networkingMode' in .wslconfig:2)" in duplicates[0].message


def test_unknown_removed_misplaced_and_bad_values() -> None:
    data = (
        b"memory=2GB\n[wsl2]\npageReporting=false\nlocalhostForwading=true\nmemory=4gb\n"
        b"[network]\ngenerateResolvConf=false\n"
    )
    reading = read_wsl_config(data, ".wslconfig")
    kinds = [(p.line, p.kind) for p in reading.problems]
    assert kinds == [
        (1, "unknown-key"),
        (3, "removed-key"),
        (4, "unknown-key"),
        (5, "bad-value"),
        (7, "unknown-section"),
    ]
    assert "did you mean 'localhostForwarding'" in reading.problems[2].message
    assert "Invalid memory string '4gb'" in reading.problems[3].message
    assert "belongs in /etc/wsl.conf" in reading.problems[4].message


def test_wsl_conf_with_bom_is_invalid_from_line_one() -> None:
    reading = read_wsl_config(b"\xef\xbb\xbf[boot]\nsystemd=true\n", "wsl.conf")
    assert reading.stopped_at == 1
    assert [s.name for s in reading.skipped] == ["boot.systemd"]
    assert reading.problems[0].kind == "encoding"


def test_wslconfig_utf16_is_decoded_and_flagged() -> None:
    data = b"\xff\xfe" + "[wsl2]\r\nmemory=6GB\r\n".encode("utf-16-le")
    reading = read_wsl_config(data, ".wslconfig")
    assert reading.value("wsl2.memory") == "6GB"
    assert [p.kind for p in reading.problems] == ["encoding"]


def test_non_utf8_bytes_are_a_problem_not_a_crash() -> None:
    reading = read_wsl_config(b"[network]\nhostname=caf\xe9\n[boot]\nsystemd=true\n", "wsl.conf")
    assert reading.problems[0].kind == "encoding"
    assert reading.stopped_at == 2


def test_crlf_wsl_conf_is_read() -> None:
    reading = read_wsl_config(b"[network]\r\nhostname=foo\r\n", "wsl.conf")
    assert reading.value("network.hostname") == "foo"
    assert reading.problems == ()

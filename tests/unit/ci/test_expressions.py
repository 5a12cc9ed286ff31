from __future__ import annotations

import pytest

from wslgo.ci.expressions import Context, ExpressionError, check_template, condition, parse_expression, render


def ctx(status: str = "success", **env: str) -> Context:
    return Context(
        env=env,
        matrix={"go": "1.27"},
        runner={"os": "Linux"},
        github={"workspace": "/w"},
        steps={"build": {"outcome": "failure", "outputs": {"tag": "v1"}}},
        job_status=status,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("go ${{ matrix.go }} on ${{ runner.os }}", "go 1.27 on Linux"),
        ("${{ env.A }}-${{ env.MISSING }}", "x-"),
        ("${{ steps.build.outputs.tag }}", "v1"),
        ("${{ format('{0}/{1}', github.workspace, 'bin') }}", "/w/bin"),
        ("${{ env.A == 'X' }}", "true"),
        ("${{ 1 < 2 && 'yes' || 'no' }}", "yes"),
        ("${{ contains('abc', 'B') }}", "true"),
        ("plain", "plain"),
    ],
)
def test_render(text: str, expected: str) -> None:
    assert render(text, ctx(A="x")) == expected


@pytest.mark.parametrize(
    ("expression", "status", "expected"),
    [
        (None, "success", True),
        (None, "failure", False),
        ("always()", "failure", True),
        ("${{ failure() }}", "failure", True),
        ("failure()", "success", False),
        ("success()", "failure", False),
        ("!cancelled()", "failure", True),
        ("env.A == 'x'", "success", True),
        ("env.A == 'x'", "failure", False),  # implied success() &&
        ("steps.build.outcome == 'failure' && always()", "failure", True),
        ("startsWith(matrix.go, '1.2')", "success", True),
    ],
)
def test_conditions(expression: str | None, status: str, expected: bool) -> None:
    assert condition(expression, ctx(status, A="x")) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${{ secrets.TOKEN }}", "the 'secrets' context is not available locally"),
        ("${{ hashFiles('go.sum') }}", "function hashFiles() is not supported"),
        ("${{ github.event.pull_request.number }}", "github.event is not known locally"),
        ("${{ env.A == }}", "expected more input"),
        ("${{ steps.x.result }}", "only steps.<id>.outcome|conclusion|outputs"),
    ],
)
def test_unsupported_expressions_raise(text: str, message: str) -> None:
    with pytest.raises(
        ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)").replace("|", r"\|")
    ):
        check_template(text)


def test_string_escape_and_null() -> None:
    assert render("${{ 'it''s' }}${{ null }}", ctx()) == "it's"
    assert parse_expression("true")[0] == "lit"

"""The subset of GitHub Actions expressions ``wslgo ci run`` evaluates, and a checker for the rest.

Supported (docs.github.com "Evaluate expressions in workflows and actions"): literals (``'str'`` with
``''`` escapes, numbers, ``true``/``false``/``null``), property access ``a.b`` and ``a['b']``, the operators
``!``, ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``&&``, ``||`` and parentheses, the status functions
``always()``, ``success()``, ``failure()``, ``cancelled()`` and ``contains``/``startsWith``/``endsWith``/
``format``. Contexts: ``env``, ``matrix`` (one combination), ``runner`` (``os``, ``arch``, ``temp``),
``github.workspace``, ``strategy`` and ``steps.<id>.outcome|conclusion|outputs.<name>``. Everything else —
``secrets``, ``github.event``, ``hashFiles()``, ``fromJSON()``, … — is refused *before* anything runs with
the line of the expression (exit 2): a local run must never silently substitute an empty string for a
value it cannot know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_TOKEN = re.compile(
    r"\s*(?:(?P<number>-?\d+(?:\.\d+)?)|(?P<string>'(?:[^']|'')*')|(?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\].,])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*|\*))"
)

CONTEXTS = {"env", "matrix", "runner", "github", "steps", "strategy"}
STATUS_FUNCTIONS = {"always", "success", "failure", "cancelled"}
FUNCTIONS = STATUS_FUNCTIONS | {"contains", "startswith", "endswith", "format"}
GITHUB_KEYS = {"workspace"}
RUNNER_KEYS = {"os", "arch", "temp"}
STRATEGY_KEYS = {"fail-fast", "job-index", "job-total", "max-parallel"}


class ExpressionError(ValueError):
    """An expression wslgo cannot evaluate; the message says which part."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(expression: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ExpressionError(f"cannot parse {text[position:]!r} in '{expression.strip()}'")
        kind = match.lastgroup or ""
        tokens.append(Token(kind, match.group(kind)))
        position = match.end()
        while position < len(text) and text[position].isspace():
            position += 1
    return tokens


# An expression tree: ("lit", value) | ("ref", [parts]) | ("not", node) | ("bin", op, left, right)
# | ("call", name, [args]).
Node = tuple[Any, ...]


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression.strip()
        self.tokens = tokenize(expression)
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, text: str | None = None) -> Token:
        token = self.peek()
        if token is None or (text is not None and token.text != text):
            wanted = f"'{text}'" if text else "more input"
            raise ExpressionError(f"expected {wanted} in '{self.expression}'")
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected '{self.peek().text}' in '{self.expression}'")  # type: ignore[union-attr]
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while (token := self.peek()) is not None and token.text == "||":
            self.pos += 1
            node = ("bin", "||", node, self.parse_and())
        return node

    def parse_and(self) -> Node:
        node = self.parse_compare()
        while (token := self.peek()) is not None and token.text == "&&":
            self.pos += 1
            node = ("bin", "&&", node, self.parse_compare())
        return node

    def parse_compare(self) -> Node:
        node = self.parse_unary()
        while (token := self.peek()) is not None and token.text in ("==", "!=", "<", "<=", ">", ">="):
            self.pos += 1
            node = ("bin", token.text, node, self.parse_unary())
        return node

    def parse_unary(self) -> Node:
        token = self.peek()
        if token is not None and token.text == "!":
            self.pos += 1
            return ("not", self.parse_unary())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        token = self.take()
        if token.text == "(":
            node = self.parse_or()
            self.take(")")
            return node
        if token.kind == "number":
            return ("lit", float(token.text) if "." in token.text else int(token.text))
        if token.kind == "string":
            return ("lit", token.text[1:-1].replace("''", "'"))
        if token.kind != "name":
            raise ExpressionError(f"unexpected '{token.text}' in '{self.expression}'")
        word = token.text
        if word in ("true", "false"):
            return ("lit", word == "true")
        if word == "null":
            return ("lit", None)
        following = self.peek()
        if following is not None and following.text == "(":
            self.pos += 1
            args: list[Node] = []
            if (close := self.peek()) is not None and close.text != ")":
                args.append(self.parse_or())
                while (comma := self.peek()) is not None and comma.text == ",":
                    self.pos += 1
                    args.append(self.parse_or())
            self.take(")")
            if word.lower() not in FUNCTIONS:
                raise ExpressionError(f"function {word}() is not supported locally")
            return ("call", word.lower(), args)
        parts: list[str] = [word]
        while (accessor := self.peek()) is not None and accessor.text in (".", "["):
            self.pos += 1
            if accessor.text == ".":
                parts.append(self.take().text)
            else:
                key = self.take()
                if key.kind != "string":
                    raise ExpressionError(f"only literal keys are supported in '{self.expression}'")
                parts.append(key.text[1:-1])
                self.take("]")
        return ("ref", parts)


def _check_ref(parts: list[str], expression: str) -> None:
    context = parts[0]
    if context not in CONTEXTS:
        raise ExpressionError(f"the '{context}' context is not available locally (in '{expression}')")
    if len(parts) < 2:
        raise ExpressionError(f"'{context}' needs a property (in '{expression}')")
    if context == "github" and parts[1] not in GITHUB_KEYS:
        raise ExpressionError(f"github.{parts[1]} is not known locally (in '{expression}')")
    if context == "runner" and parts[1] not in RUNNER_KEYS:
        raise ExpressionError(f"runner.{parts[1]} is not known locally (in '{expression}')")
    if context == "strategy" and parts[1] not in STRATEGY_KEYS:
        raise ExpressionError(f"strategy.{parts[1]} is not known locally (in '{expression}')")
    if context == "steps" and (len(parts) < 3 or parts[2] not in ("outcome", "conclusion", "outputs")):
        raise ExpressionError(f"only steps.<id>.outcome|conclusion|outputs are supported (in '{expression}')")


def parse_expression(expression: str) -> Node:
    """Parse and check one expression (the text inside ``${{ }}``); raises ``ExpressionError``."""
    tree = _Parser(expression).parse()

    def walk(node: Node) -> None:
        if node[0] == "ref":
            _check_ref(node[1], expression.strip())
        elif node[0] == "not":
            walk(node[1])
        elif node[0] == "bin":
            walk(node[2])
            walk(node[3])
        elif node[0] == "call":
            for arg in node[2]:
                walk(arg)

    walk(tree)
    return tree


def expressions_in(text: str) -> list[str]:
    return [match.group(1) for match in _EXPR.finditer(text)]


def check_template(text: str) -> None:
    """Raise ``ExpressionError`` when any ``${{ }}`` in ``text`` cannot be evaluated locally."""
    for expression in expressions_in(text):
        parse_expression(expression)


def check_condition(text: str) -> None:
    """``if:`` values may omit ``${{ }}``."""
    parse_expression(_strip_wrapper(text))


def _strip_wrapper(text: str) -> str:
    stripped = text.strip()
    match = _EXPR.fullmatch(stripped)
    return match.group(1) if match else stripped


@dataclass(frozen=True)
class Context:
    """What expressions can see at one point of a run."""

    env: Mapping[str, str]
    matrix: Mapping[str, Any]
    runner: Mapping[str, str]
    github: Mapping[str, str]
    steps: Mapping[str, Mapping[str, Any]]
    #: "success" or "failure": the job so far (drives success()/failure()).
    job_status: str = "success"
    #: ``strategy.fail-fast``, ``job-index``, ``job-total``, ``max-parallel`` of this matrix entry.
    strategy: Mapping[str, Any] = field(default_factory=dict)


def _truthy(value: Any) -> bool:
    return value not in (False, 0, "", None) and value == value  # NaN is falsy


def _coerce(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value) if value.strip() else 0
        except ValueError:
            return float("nan")
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    return value


def values_equal(left: Any, right: Any) -> bool:
    """The ``==`` of Actions expressions: strings ignore case, mixed types compare as numbers."""
    if isinstance(left, str) and isinstance(right, str):
        return left.lower() == right.lower()
    if type(left) is type(right) or not isinstance(left, (str, bool, int, float, type(None))):
        return bool(left == right)
    return bool(_coerce(left) == _coerce(right))


def _lookup(parts: list[str], context: Context) -> Any:
    root: Any = {
        "env": context.env,
        "matrix": context.matrix,
        "runner": context.runner,
        "github": context.github,
        "steps": context.steps,
        "strategy": context.strategy,
    }[parts[0]]
    for part in parts[1:]:
        if isinstance(root, Mapping):
            root = root.get(part)
        else:
            return None
    return root


def as_text(value: Any) -> str:
    """A value as Actions turns it into a string (``null`` → ``''``, ``1.0`` → ``1``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _evaluate(node: Node, context: Context) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "ref":
        return _lookup(node[1], context)
    if kind == "not":
        return not _truthy(_evaluate(node[1], context))
    if kind == "bin":
        op = node[1]
        left = _evaluate(node[2], context)
        if op == "&&":
            return _evaluate(node[3], context) if _truthy(left) else left
        if op == "||":
            return left if _truthy(left) else _evaluate(node[3], context)
        right = _evaluate(node[3], context)
        if op == "==":
            return values_equal(left, right)
        if op == "!=":
            return not values_equal(left, right)
        compare: dict[str, Callable[[Any, Any], bool]] = {
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
        }
        if isinstance(left, str) and isinstance(right, str):
            return compare[op](left.lower(), right.lower())
        return compare[op](_coerce(left), _coerce(right))
    name, args = node[1], [_evaluate(arg, context) for arg in node[2]]
    first, second = [*args, None, None][:2]
    if name == "always":
        return True
    if name == "cancelled":
        return False
    if name == "success":
        return context.job_status == "success"
    if name == "failure":
        return context.job_status == "failure"
    if name == "contains":
        if isinstance(first, (list, tuple)):
            return any(values_equal(item, second) for item in first)
        return as_text(second).lower() in as_text(first).lower()
    if name == "startswith":
        return as_text(first).lower().startswith(as_text(second).lower())
    if name == "endswith":
        return as_text(first).lower().endswith(as_text(second).lower())
    template = as_text(first)
    for index, value in enumerate(args[1:]):
        template = template.replace("{" + str(index) + "}", as_text(value))
    return template.replace("{{", "{").replace("}}", "}")


def render(text: str, context: Context) -> str:
    """``text`` with every ``${{ expr }}`` replaced by its value as a string."""
    return _EXPR.sub(lambda match: as_text(_evaluate(parse_expression(match.group(1)), context)), text)


def condition(text: str | None, context: Context) -> bool:
    """Evaluate an ``if:``; like Actions, a condition without a status function implies ``success() &&``."""
    if text is None or not text.strip():
        return context.job_status == "success"
    expression = _strip_wrapper(text)
    tree = parse_expression(expression)
    if not _uses_status(tree):
        tree = ("bin", "&&", ("call", "success", []), tree)
    return _truthy(_evaluate(tree, context))


def _uses_status(node: Node) -> bool:
    if node[0] == "call":
        return node[1] in STATUS_FUNCTIONS or any(_uses_status(arg) for arg in node[2])
    if node[0] == "not":
        return _uses_status(node[1])
    if node[0] == "bin":
        return _uses_status(node[2]) or _uses_status(node[3])
    return False

"""Facts about the machine derived from evidence: pure functions that doctor, setup, report and bench share.

A check decides what is wrong; a fact says what is there (is this WSL2, where is the ``.wslconfig``, which
go runs, where a Go setting comes from). Keeping facts out of ``checks/`` lets setup, the report and the
bench use them without importing check modules, and gives each rule exactly one home (SPEC §11).

Small result types here are ``NamedTuple``s (immutable, like frozen dataclasses): they are built when
doctor imports its checks, where a dataclass costs about half a millisecond and a NamedTuple a fifth of that.
"""

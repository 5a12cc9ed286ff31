"""Prometheus text exposition without a client library: a few counters and one latency histogram."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

#: Seconds; covers sendfile hits (sub-millisecond) to slow upstream fetches.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass
class Metrics:
    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    stale: Counter[str] = field(default_factory=Counter)
    upstream_errors: Counter[str] = field(default_factory=Counter)
    upstream_fetches: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    responses: Counter[str] = field(default_factory=Counter)
    bytes_served: int = 0
    bytes_fetched: int = 0
    latency_counts: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_BUCKETS) + 1))
    latency_sum: float = 0.0
    latency_count: int = 0

    def observe(self, seconds: float) -> None:
        self.latency_counts[bisect.bisect_left(LATENCY_BUCKETS, seconds)] += 1
        self.latency_sum += seconds
        self.latency_count += 1

    def render(self) -> str:
        lines: list[str] = []

        def counter(name: str, help_text: str, values: Counter[str], label: str) -> None:
            lines.append(f"# HELP {name} {help_text}")
            lines.append(f"# TYPE {name} counter")
            for key in sorted(values):
                lines.append(f'{name}{{{label}="{_escape(key)}"}} {values[key]}')

        counter("wslgo_proxy_cache_hits_total", "Requests served from the store.", self.hits, "kind")
        counter("wslgo_proxy_cache_misses_total", "Requests that needed an upstream.", self.misses, "kind")
        counter("wslgo_proxy_stale_served_total", "Stale list/@latest served.", self.stale, "kind")
        counter("wslgo_proxy_upstream_errors_total", "Upstream failures.", self.upstream_errors, "upstream")
        counter("wslgo_proxy_upstream_fetches_total", "Upstream fetches.", self.upstream_fetches, "upstream")
        counter("wslgo_proxy_rejected_total", "Objects refused by validation.", self.rejected, "reason")
        counter("wslgo_proxy_responses_total", "Responses by status code.", self.responses, "code")
        lines += [
            "# HELP wslgo_proxy_served_bytes_total Body bytes sent to clients.",
            "# TYPE wslgo_proxy_served_bytes_total counter",
            f"wslgo_proxy_served_bytes_total {self.bytes_served}",
            "# HELP wslgo_proxy_fetched_bytes_total Body bytes received from upstreams.",
            "# TYPE wslgo_proxy_fetched_bytes_total counter",
            f"wslgo_proxy_fetched_bytes_total {self.bytes_fetched}",
            "# HELP wslgo_proxy_request_duration_seconds Request latency.",
            "# TYPE wslgo_proxy_request_duration_seconds histogram",
        ]
        cumulative = 0
        for bound, count in zip(LATENCY_BUCKETS, self.latency_counts, strict=False):
            cumulative += count
            lines.append(f'wslgo_proxy_request_duration_seconds_bucket{{le="{bound}"}} {cumulative}')
        lines.append(f'wslgo_proxy_request_duration_seconds_bucket{{le="+Inf"}} {self.latency_count}')
        lines.append(f"wslgo_proxy_request_duration_seconds_sum {self.latency_sum:.6f}")
        lines.append(f"wslgo_proxy_request_duration_seconds_count {self.latency_count}")
        return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

"""The metric layer: one definition per KPI (registry) and one call for its value (pure Python).

    metrics.value(engine=..., scope=..., metric_id="complaint_delay_rate", as_of=date) -> MetricValue

Pages call it through the shared cache: `ui.data.q(metrics.value, scope=scope, metric_id=..., as_of=...)`.
"""
from metrics.registry import METRICS, REGISTRY, Metric, get
from metrics.values import MetricValue, Period, value

__all__ = ["METRICS", "REGISTRY", "Metric", "MetricValue", "Period", "get", "value"]

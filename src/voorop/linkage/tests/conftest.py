"""Markers of the linkage tests (registered here, next to the only tests that use them)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "spark: needs pyspark (extra `spark`) and Java 17+; skipped when either is missing",
    )

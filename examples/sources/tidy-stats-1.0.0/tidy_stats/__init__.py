"""Summary statistics for plain lists of numbers."""

from statistics import fmean, median, pstdev

__all__ = ["summary"]


def summary(values):
    """Return count, mean, median and population standard deviation of ``values``."""
    data = [float(v) for v in values]
    if not data:
        raise ValueError("summary() needs at least one value")
    return {
        "count": len(data),
        "mean": fmean(data),
        "median": median(data),
        "stdev": pstdev(data),
    }

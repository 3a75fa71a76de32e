"""Reading numbers back from what a screen shows (shared by the tests)."""
import re


def latex_numbers(latex: str) -> list[float]:
    """Every decimal number written in a LaTeX string, in order."""
    return [float(m) for m in re.findall(r"-?\d+\.\d+", latex)]

"""Anomaly Arena from Python: download black boxes, submit scores and claims, read the results.

>>> from arena_client import Arena                                  # doctest: +SKIP
>>> arena = Arena()   # ARENA_URL and ARENA_TOKEN from the environment  # doctest: +SKIP

See docs/how-to-submit.md ("With the Python client") in the repository.
"""

__version__ = "0.1.0"

from .client import Arena  # noqa: E402
from .errors import ArenaError  # noqa: E402
from .results import discovery_summary  # noqa: E402

__all__ = ["Arena", "ArenaError", "discovery_summary", "__version__"]

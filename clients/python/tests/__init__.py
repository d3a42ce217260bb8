"""Unit tests of arena_client against a fake server (tests/fake_server.py); standard library only.

Run from clients/python: ``python3 -m unittest``. An installed arena_client is tested when there is
one (the venv of clients/python/client.test.ts); otherwise the sources under src/.
"""

import os
import sys

try:
    import arena_client  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))

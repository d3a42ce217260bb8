"""``python -m arena_client`` is the ``arena-client`` command."""

import sys

from .cli import main

sys.exit(main())

"""``python -m relnet``: the same as the ``relnet`` command."""

import sys

from relnet.cli import main

sys.exit(main())

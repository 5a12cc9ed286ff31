"""``python -m wslgo``."""

import sys

from wslgo.cli.main import main

sys.exit(main())

"""``python -m pipeline`` is the ``plan-extract`` command."""

from .cli import main

raise SystemExit(main())

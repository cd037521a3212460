"""``python -m pipeline``: the notulen command line."""
from .cli import main

raise SystemExit(main())

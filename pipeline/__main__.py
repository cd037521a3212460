"""``python -m pipeline``: the notulen command line."""
from .cli import run

run()

"""notulen: structured, source-grounded data from Indonesian planning-meeting minutes."""
from .api import Pipeline, extract_file, extract_text

__version__ = "0.1.0"
__all__ = ["Pipeline", "extract_file", "extract_text", "__version__"]

"""notulen: structured, source-grounded data from Indonesian planning-meeting minutes."""
__version__ = "0.1.0"
__all__ = ["Pipeline", "extract_file", "extract_text", "__version__"]


def __getattr__(name: str):
    # the API (and spaCy behind it) is imported on first use: the command line's parent process
    # only hands files to workers and must not pay for spaCy, nor carry it in memory
    if name in ("Pipeline", "extract_file", "extract_text"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

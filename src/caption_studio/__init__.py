"""Caption Studio: pair news photos with their printed captions."""

__version__ = "0.1.0"

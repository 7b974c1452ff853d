"""kinerja: the quarterly performance documents of an Indonesian sub-district office."""

__version__ = "0.1.0"

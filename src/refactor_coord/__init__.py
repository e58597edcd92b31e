"""refcoord: plan and carry out large Python refactorings as small, ordered, revertible steps."""

__version__ = "0.1.0"

__all__ = ["__version__"]

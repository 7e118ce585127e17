"""uprreport: compile Universal Periodic Review reports from many contributions."""

__version__ = "0.1.0"

"""Transforms: checks over a Project, and passes that shape the document tree.

Each module has one job. The order is explicit here, not hidden in priorities.
"""

from uprreport.transforms import coverage, outline, ownership, references, statuses

# Checks run on the project as read; each yields diagnostics.
CHECKS = [references.check, ownership.check, statuses.check, outline.check, coverage.check]

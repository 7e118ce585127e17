"""Transforms: checks over a Project, and passes that shape the document tree.

Each module has one job. The order is explicit here, not hidden in priorities.
"""

from uprreport.transforms import citations, coverage, outline, ownership, references, required, statuses

# Checks run on the project as read; each yields diagnostics.
CHECKS = [required.check, references.check, ownership.check, statuses.check, outline.check, citations.check, coverage.check]

"""Read a report kind's profile (profiles/<kind>.yaml) into a checked Profile."""

from __future__ import annotations

from functools import cache

from uprreport import resources
from uprreport.errors import UprError, UsageError
from uprreport.model.profile import Profile
from uprreport.readers import package, yamlfile


@cache
def read(kind: str) -> Profile:
    """The Profile of ``kind``. UsageError naming the known kinds if there is none; UprError
    with located diagnostics (file, line, the bad key) if the profile is not valid."""
    path = resources.profiles_dir() / f"{kind}.yaml"
    if not package.is_file(path):
        raise UsageError(f"unknown report kind '{kind}'", hint=f"known kinds: {', '.join(resources.kinds())}")
    profile, _pos, diags = yamlfile.read_model(Profile, path, f"profiles/{path.name}")
    if profile is None:
        raise UprError(f"the profile of report kind '{kind}' is not valid", diagnostics=diags,
                       hint=f"correct {path}")
    return profile

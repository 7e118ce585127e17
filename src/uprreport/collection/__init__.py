"""Collecting contributions from bodies that never open a terminal: input packs out,
returns in, who is late (issue work in progress: packs are written; collecting returns and
progress come next)."""

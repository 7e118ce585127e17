"""Readers turn project files into typed models and document blocks, with diagnostics."""

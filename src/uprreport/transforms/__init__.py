"""Transforms: passes over the project as read and over the document tree.

Each module has one job; ``uprreport.pipeline`` lists them in the order they run.
"""

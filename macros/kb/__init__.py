"""The knowledge base: load, validate, resolve citations, render Markdown.

Nothing in this package imports MkDocs; ``macros/main.py`` and ``macros/hooks.py``
connect it to the build.
"""

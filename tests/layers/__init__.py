"""The project's own corpus of one-hot layers: correct ones and broken ones with one bug each
(the module docstring names it). Every module exposes `OneHot`, the factory under test.

Two kinds: layers derived from `base.CorpusOneHot` that override one step, and layers written
blind (say so in their docstring): by someone given a bug in a user's words, who never saw this
suite. tests/corpus.py says which checks each must fail and which cause each must be told.
"""

"""The project's own corpus of one-hot layers: a correct base, correct variants, and
broken layers with exactly one deliberate bug each (the module docstring names it).

Every module exposes `OneHot` (the factory under test) and `DIAGNOSIS`: a word (or a tuple
of words) that a failure message must contain for the suite to count the bug as named ("" for correct ones).
"""

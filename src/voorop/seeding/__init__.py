"""Synthetic data: the region generator (``voorop seed``) and the demo (``voorop demo``).

Modules: ``region`` (the fictitious region and its organisations), ``pools`` (names and
addresses from Faker), ``timing`` (the window and the rhythm of reports), ``simulation`` (one
family system over the years, as an in-memory plan), ``variation`` (identities as reported),
``narratives`` (Dutch texts), ``generator`` (writing plans and the ground truth), ``demo``
(demo accounts). See ``generator`` for the rules: determinism, perfect-linkage stand-in,
truth files, seeding again.
"""

"""Use cases: one function per operation, named ``<noun>_<verb>``, each guarded by the
same-named check in ``publisher.permissions`` and recorded in the audit log.

Every function takes the ``Platform`` and an explicit ``Actor`` first, then keyword arguments;
it returns plain values and raises ``publisher.errors`` (or ``datapackages.errors`` for files).
"""

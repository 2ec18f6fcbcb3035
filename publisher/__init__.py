"""The domain: state, the pipeline that runs the stages, and the use cases the web and CLI call.

Inside, imports point one way: ``models/db/store/errors`` → ``pipeline/publish`` → ``services``
and ``queries`` → ``cli``. The web app calls only ``services`` and ``queries``.
"""

"""Compliance scoring: how well each dataset and agency publishes open data to standard.

    rubric.load_rubric()  → the weights, bands and texts of ``config/rubric.toml`` (versioned)
    registry              → the checks installed in the ``opendata.checks`` entry-point group
    snapshots             → what checks read, in set-based queries (facts stored at publish)
    engine.score_all / score_datasets → run the checks, store dataset scores and agency history
    checks/               → the built-in checks, one module per principle

Exceptions: ``rubric.RubricError`` (the rubric and the installed checks disagree); a check that
raises is recorded as evidence ``check-failed`` and never stops the scoring.
"""

"""Leave-one-writer-set-out study of what generalises in the red-flag screen (issue 11, prototype).

Not used by the bot: `python -m bench.loso.evaluate` prints the figures of the study's report.
"""

"""The open algorithm: feeds built from small stages, each explainable and replayable.

See ``docs/ranking.md`` for the prose description of every stage and weight.
"""

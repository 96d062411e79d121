"""Background work: periodic jobs that run beside the API without ever blocking it.

Jobs are listed in ``worker.jobs`` (a flat table, like the route table). Each server process
runs a ``JobRunner`` unless ``TOWNSQUARE_RUN_JOBS=false``; ``townsquare worker`` runs one on
its own. A database lease makes sure one process at a time runs a given job, and a job that
dies with its process is picked up by another once the lease expires.
"""

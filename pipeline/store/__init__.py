"""Where a workspace keeps things and how they are written: paths, the merged data, revisions and
manifests, history, the step record, locks, atomic writes.
"""

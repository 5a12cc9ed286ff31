"""GO checks: the toolchain that runs, its configuration, where its caches live (SPEC §3).

One module per section: ``toolchain`` (GO001–GO006), ``config`` (GO010–GO016), ``places`` (GO020–GO026),
``shell`` (GO030), ``cgo`` (GO040). Every check is a pure function of the evidence.
"""

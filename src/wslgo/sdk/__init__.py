"""The Go SDK manager behind ``wslgo go`` (SPEC §5).

One module per job: ``index`` (release index model and version resolution, pure), ``index_cache`` (fetch
with a TTL, offline fallback), ``httpclient`` (one configured httpx client), ``download`` (resumable,
hashed while streaming; progress through ``wslgo.progress``), ``extract`` (member filter and
safe extraction), ``inflate`` (gzip in big blocks on its own thread), ``treewriter`` (files created on a
few threads), ``store`` (``sdk/`` layout, the ``current`` symlink, remove, prune), ``installer``
(the verified, atomic install that ties them together).
"""

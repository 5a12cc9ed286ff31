"""A caching Go module proxy (SPEC §6): protocol, upstream chain, store, server."""

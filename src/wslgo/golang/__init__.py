"""Pure knowledge of Go itself: version strings, release lines, go.mod — shared by doctor, sdk and tools."""

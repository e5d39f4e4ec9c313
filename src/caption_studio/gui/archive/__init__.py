"""The desk's window onto the shared PostgreSQL archive (File > Publish to Archive…)."""

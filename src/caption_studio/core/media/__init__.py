"""Photo files: finding them, their identity, embedded metadata in and out, thumbnails, import."""

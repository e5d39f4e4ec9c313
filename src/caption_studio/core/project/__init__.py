"""The project file: opening and guarding it, its schema, every mutation, search."""

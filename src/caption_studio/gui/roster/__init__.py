"""The roster dialog: people and organisations of the project."""

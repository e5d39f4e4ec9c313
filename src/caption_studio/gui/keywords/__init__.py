"""The keyword panel: browse the controlled vocabulary and assign it."""

"""Templates and code replacements."""

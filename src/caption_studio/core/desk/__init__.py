"""What a desk knows beyond one story: roster, keyword vocabulary, templates, code replacements."""

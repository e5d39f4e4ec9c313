"""The domain: articles, captions, photos, pairing, the project file. Never imports Qt."""

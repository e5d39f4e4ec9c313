"""Articles: bytes -> text -> captions -> fields (credits, dates, places), and storing them."""

"""The article pane: the article text with its captions highlighted and correctable."""

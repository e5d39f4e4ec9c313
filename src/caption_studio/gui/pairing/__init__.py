"""The pairing view: photos with their captions, confidence colours, drag to pair."""

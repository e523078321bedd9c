"""What the viewer pages compute: listings, related replays, structured data, storyboard frames."""

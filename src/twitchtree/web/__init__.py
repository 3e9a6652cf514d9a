"""``twitchtree serve``'s web side: the classroom server, the guard in front of it, and its page."""

"""The chat around the features: the private-chat guard, /help, free-text routing, everyday talk, errors."""

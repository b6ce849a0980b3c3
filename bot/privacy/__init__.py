"""The user's rights over their data: consent and its withdrawal, /privacy, /export and /delete."""

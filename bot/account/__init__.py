"""/start and /settings: welcome, consent and time zone first, then every choice the user can change later."""

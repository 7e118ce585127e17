"""Comment rounds for public hearings: review copy out, every comment in, answered, next draft."""

"""The privacy app's records (issue 27)."""

"""Pure helpers shared by every app: HTTP context, logging, API plumbing. No models."""

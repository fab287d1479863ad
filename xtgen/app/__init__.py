"""The application layer: CLI, settings, config, batch, console, report, write. Nothing in the library imports it."""

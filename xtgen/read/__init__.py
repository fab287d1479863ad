"""Reading: load a file, check the limits, bundle external $refs."""

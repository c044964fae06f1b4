class ImportRefused(Exception):
    """A file that cannot be imported; the message says why, in words an editor understands."""

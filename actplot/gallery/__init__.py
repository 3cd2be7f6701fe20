"""``actplot gallery``: every function and family drawn to files, with a Markdown and an HTML index."""

"""Read-side queries shared by the CLI, reports and the web app (never raw SQL in views)."""

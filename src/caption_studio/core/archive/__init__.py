"""The newsroom archive: many desks publish their projects into one shared PostgreSQL
database, which archivists search and editors draw monthly credit lists from.

Optional: only the `archive` commands (and File > Publish to Archive…) import this package,
and with it psycopg; the desk's own project file needs none of it.
"""

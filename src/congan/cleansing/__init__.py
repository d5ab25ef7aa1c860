"""Population data cleansing: normalise, validate, link, cluster, measure.

Pure Python with Splink on DuckDB (or Spark); never imports Django. The registry app and the
`congan cleanse` command call the functions re-exported here; everything under `_internal`
is private machinery.
"""

"""Pages of the travel app, one module per page. Views parse, call one service or query,
respond."""

"""Pages of the deliberation day: staff pages, printouts, and the citizens' ballot."""

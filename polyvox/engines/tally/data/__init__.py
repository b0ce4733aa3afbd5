"""Reference data shipped with the tally engine."""

"""Polyvox: citizens' dialogues and online consultations, end to end."""

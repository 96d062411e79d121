"""Integrity: public, evidence-backed labels for automation, coordination and state media."""

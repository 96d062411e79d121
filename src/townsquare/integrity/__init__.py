"""Integrity: public, evidence-backed labels for automation and coordinated campaigns."""

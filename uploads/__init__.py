"""Uploaded files: see uploads.files."""

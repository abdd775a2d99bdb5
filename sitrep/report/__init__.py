"""Snapshot reports: HTML, PDF, Markdown and zip bundles of what was known at a time."""

from .render import FORMATS, format_for, render_bundle, render_html, render_markdown, render_pdf, write_report

__all__ = ["FORMATS", "format_for", "render_html", "render_pdf", "render_markdown", "render_bundle", "write_report"]

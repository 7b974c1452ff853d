"""Every document: one context builder per document, rendering with docxtpl, table fitting, charts,
flowcharts, PDF, template checks.
"""

"""Writes of the supervision floor: reports, orders, records, scheduled jobs.

Import from the module that owns the action (reports, orders, jobs).
"""

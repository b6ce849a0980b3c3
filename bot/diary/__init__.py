"""The headache diary: logging attacks and their details, check-ins, /diary, /stats, /insights, /midas, /report.

handlers.py wires the feature into the application; every other module is one flow or one screen.
"""

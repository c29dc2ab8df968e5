"""The compute of each lesson: pure functions on torch and NumPy, seeded, with no plotting.

One module per lesson topic. A module here never imports matplotlib or ipywidgets
(a test checks it), so notebooks and tests can call a lesson's computation without
paying for the figure and widget layers.
"""

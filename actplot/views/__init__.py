"""Everything that turns computed curves into something to look at or read.

``plan`` decides what a figure shows (panels, series, styles, difference panels, markers) once;
``terminal_view`` draws a plan as braille charts with ``terminal`` (layout and legend), built on
``terminal_axes`` (ticks), ``braille`` (dots) and ``styled_lines`` (output lines); ``figures`` draws
it with matplotlib and ``render`` saves it (themes, figure options, deterministic bytes); ``notebook`` is
the ``actplot.plot`` / ``actplot.compare`` API; ``tables`` and ``table_output`` write tables.
Nothing here imports matplotlib until a file or a notebook figure is drawn.
"""

"""``actplot gallery``: every function and family drawn to files, with a Markdown and an HTML index.

What a full run writes into the output folder, for the formats asked for (default PNG and SVG):

* ``NAME.FMT`` for every function in the registry: f, f′ (and f″ where it is not identically
  zero), the formula in the title, kinks and jumps drawn honestly; where the framework flavors
  resolve to different parameters (hard_sigmoid torch vs keras2, GELU torch vs jax, leaky_relu
  torch/keras3/keras2, …) one labelled curve per flavor group, f and f′ in separate panels;
* ``family-SLUG.FMT`` and ``family-SLUG-derivative.FMT``: per family, f and f′ of every member as
  small multiples (a panel each, on its own y scale);
* ``index.md`` (renders on a code-hosting site) and ``index.html`` (standalone: inline CSS and
  script, no external assets), grouped by family.

One module per job:

=====================  ===========================================================================
``plan``               which figures and file names (pure data from the registry); run settings
``flavors``            which framework flavors draw the same curve, and their labels
``draw``               one figure onto a matplotlib Figure (matplotlib imported lazily)
``folder``             settle a file's bytes against the disk (keep, write, refuse, check)
``pool``               forked worker processes, Ctrl-C and clean stop
``summary``            per-item results, the run's summary and exit code
``runner``             ``run()``: joins the above (the entry point of the command)
``index``              the one data model of the index (families, entries, links, conventions)
``markdown_page``      ``index.md`` from that model
``html_page``          ``index.html`` from that model, with ``page.css`` and ``page.js`` inlined
=====================  ===========================================================================

Importing this package imports nothing else, so ``actplot --help`` stays light.
"""

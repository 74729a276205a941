"""The hostile-input battery (issue 11): broken and malicious files, and a runner that
parses each in a capped child process.

``build`` makes the inputs (one table, ``build.CASES``), ``run`` runs one through
``gxparse.parse`` or ``python -m gxparse parse`` under a memory and time cap and says
how it ended. ``tests/test_hostile.py`` runs the fast part in CI and
``benchmarks/hostile.py`` the whole battery.
"""

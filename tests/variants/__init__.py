"""The variant fuzzer: consistent reports printed the many ways real agencies print them.

``doc`` is the printed-document model every renderer draws from; ``damage`` holds the
variant families (each a damage applied to a ``Doc``); ``render_*`` print a ``Doc`` in
each form gxparse reads.
"""

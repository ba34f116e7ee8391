"""One module per paper claim; each defines ``CLAIM`` (``theorylab.validations``)."""

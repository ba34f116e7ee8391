"""Named realistic bugs per family (``MUTATIONS: list[theorylab.mutate.Mutation]``), for ``theorylab mutate``."""

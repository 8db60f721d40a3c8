"""``python -m reader``: the command line, for when another ``reader`` command comes first on PATH."""

from reader.cli import main

if __name__ == "__main__":
    main()

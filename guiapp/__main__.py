"""``python -m guiapp`` runs the command line."""

from guiapp.cli import main

if __name__ == "__main__":
    main()

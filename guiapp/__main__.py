"""``python -m guiapp`` runs the ``guiapp`` command."""

from guiapp.launch import main

if __name__ == "__main__":
    main()

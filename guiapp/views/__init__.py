"""Qt widgets and windows. Nothing here runs SQL on the GUI thread."""

"""${{ values.name }}: a background worker generated from the Northwind Python Worker golden path."""

__version__ = "0.1.0"
SERVICE = "${{ values.name }}"

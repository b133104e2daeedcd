"""voorop — case coordination for Veiligheid Voorop."""

__version__ = "0.1.0"

"""regiondash: partnerships between Île-de-France and its partner regions."""

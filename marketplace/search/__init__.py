"""Search: the results page behind the header search box."""

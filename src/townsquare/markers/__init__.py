"""Read markers: the last status and notification an account has seen, shared by its apps."""

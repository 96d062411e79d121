"""The tip jar: validated Dogecoin, Bitcoin and Lightning addresses on a profile, payment URIs
and QR codes. Non-custodial: the platform stores public addresses only, holds no keys, moves
no funds and never contacts a network."""

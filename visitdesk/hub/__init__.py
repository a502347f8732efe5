"""The team hub: an HTTPS service over PostgreSQL that relays bundles between a team's devices."""

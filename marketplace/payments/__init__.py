"""Payment providers behind one interface (bank transfer, Stripe cards)."""

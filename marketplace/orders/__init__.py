"""Orders: carts, checkout, fulfilment, refunds, reviews and the sellers' ledger."""

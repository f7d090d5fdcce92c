"""Cart: what a shopper is about to buy."""

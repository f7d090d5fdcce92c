"""Seller payouts: bank accounts verified by admins, payout runs, transfers, the bank CSV."""

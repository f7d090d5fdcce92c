"""Shipping per store: courier rates kept as data, pick-up and the store's own delivery.

`rates.py` quotes a courier service for a route (kabupaten/kota to kabupaten/kota, weight rounded
up to whole kg) from ``data/rates.csv`` through the `RateSource` interface, so a live rates API can
replace the table later; `shipping_options` lists what a buyer may choose for one store's parcel
and `quote_for` recomputes the chosen one on the server. Pure functions, no app needed.
"""

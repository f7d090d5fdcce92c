"""Stores: storefronts run by IKM owners and their staff."""

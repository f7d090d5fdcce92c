"""Indonesian administrative areas: provinsi > kabupaten/kota > kecamatan > kelurahan/desa,
Kemendagri codes.
"""

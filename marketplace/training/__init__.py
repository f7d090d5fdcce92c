"""Training: agencies (Dinas), their staff, programs and (later) participants."""

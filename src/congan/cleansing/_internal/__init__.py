"""Private machinery of the cleansing engine: import from `congan.cleansing` instead."""

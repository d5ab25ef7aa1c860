from congan.cli import main

main()

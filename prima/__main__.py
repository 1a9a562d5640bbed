from prima.cli import main

main()

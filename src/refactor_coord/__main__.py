from refactor_coord.cli import main

main()
